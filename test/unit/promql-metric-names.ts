const NOT_METRIC_NAMES = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'atan2',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects. Good enough for rule files: string literals, label
 * matchers, ranges and grouping label lists are removed first, then every identifier that is not a
 * function call or a keyword is a metric name.
 */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const [name] of bare.matchAll(/(?<![\w:.])[a-zA-Z_:][\w:]*(?![\w:]|\s*\()/g)) {
    if (!NOT_METRIC_NAMES.has(name.toLowerCase())) names.add(name);
  }
  return [...names].sort();
}
