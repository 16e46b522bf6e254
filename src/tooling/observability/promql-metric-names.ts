// Words that stand where a metric name could, but are operators or modifiers.
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const LABEL_MATCHERS = /\{[^}]*\}/g;
const RANGE_OR_SUBQUERY = /\[[^\]]*\]/g;
const LABEL_LIST = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi;
// Not preceded by a word character, a dot (a decimal's exponent: `1.5e3`) or `$` (a template variable).
const IDENTIFIER = /(?<![\w.:$])[A-Za-z_:][\w:]*/g;

/**
 * The metric and recording-rule names a PromQL expression reads. Strings, label matchers, ranges and
 * grouping label lists are blanked first, so what is left of the identifiers is functions (followed by
 * `(`), operators and keywords, and metric names.
 */
export function metricNamesIn(expr: string): string[] {
  const skeleton = expr
    .replace(STRING_LITERAL, '""')
    .replace(LABEL_MATCHERS, '{}')
    .replace(RANGE_OR_SUBQUERY, '[]')
    .replace(LABEL_LIST, ' ');
  const names = new Set<string>();
  for (const match of skeleton.matchAll(IDENTIFIER)) {
    const word = match[0];
    const rest = skeleton.slice(match.index + word.length).trimStart();
    if (rest.startsWith('(')) continue;
    if (KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}
