import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';

export const METRIC_CATALOGUE_PATH = path.join(PROJECT_ROOT, 'docs', 'metrics.md');

// A summary statistic inside a name, as in `nodejs_eventloop_delay_p99_seconds`.
const STATISTIC = /^(p\d+|min|max|mean|stddev)$/;
const HISTOGRAM_SERIES = ['_bucket', '_sum', '_count'];

/**
 * Every name a query may read, from the tables of the metric catalogue (`docs/metrics.md`): the first
 * column's name, a histogram's `_bucket`/`_sum`/`_count` series, and the statistics a row names beside
 * its own (the catalogue writes "also `_p50_`, `_max_`" next to the p99 of the event-loop delay).
 */
export function catalogueNames(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const [, nameCell = '', typeCell = '', ...rest] = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Za-z_:][\w:]*)`$/.exec(nameCell)?.[1];
    if (!name) continue;
    names.add(name);
    if (typeCell === 'histogram') for (const series of HISTOGRAM_SERIES) names.add(name + series);
    for (const variant of rest.join('|').matchAll(/`_([a-z0-9]+)_`/g)) {
      const parts = name.split('_');
      const at = parts.findIndex((part) => STATISTIC.test(part));
      if (at < 0 || !variant[1]) continue;
      parts[at] = variant[1];
      names.add(parts.join('_'));
    }
  }
  return names;
}

export function loadCatalogueNames(file = METRIC_CATALOGUE_PATH): Set<string> {
  return catalogueNames(readFileSync(file, 'utf8'));
}

export interface CatalogueSection {
  heading: string;
  /** The `job="…"` the heading names, if it names one. */
  job: string | undefined;
  /** The Prometheus names in the first column of the section's table. */
  names: string[];
}

/** The first section of the catalogue whose heading starts with `headingStart`, with its names. */
export function catalogueSection(headingStart: string, file = METRIC_CATALOGUE_PATH): CatalogueSection {
  const section = readFileSync(file, 'utf8')
    .split(/^## /m)
    .find((text) => text.startsWith(headingStart));
  if (!section) throw new Error(`docs/metrics.md has no section "## ${headingStart}…"`);
  const heading = section.slice(0, section.indexOf('\n'));
  const names = [...section.matchAll(/^\| `([A-Za-z_:][\w:]*)` \|/gm)].map((match) => match[1] as string);
  return { heading, job: /job="([^"]+)"/.exec(heading)?.[1], names };
}

/** The names in the catalogue's "Recording rules" table: exactly what the rule files must define. */
export function loadCatalogueRecordingRules(file = METRIC_CATALOGUE_PATH): Set<string> {
  return new Set(catalogueSection('Recording rules', file).names);
}
