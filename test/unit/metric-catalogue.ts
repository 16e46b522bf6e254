import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './prometheus-rule-files.ts';

export interface MetricCatalogue {
  /** Metric name to its type as the catalogue writes it (`counter`, `histogram`, `gauge (1)`, …). */
  metrics: Map<string, string>;
  recordingRules: Set<string>;
}

const HISTOGRAM_SERIES_SUFFIX = /_(bucket|count|sum)$/;

/** Reads the names in the first column of every table in docs/metrics.md. */
export function loadMetricCatalogue(file = path.join(PROJECT_ROOT, 'docs/metrics.md')): MetricCatalogue {
  const catalogue: MetricCatalogue = { metrics: new Map(), recordingRules: new Set() };
  let section = '';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name === undefined) continue;
    if (section === 'Recording rules') catalogue.recordingRules.add(name);
    else catalogue.metrics.set(name, cells[2] ?? '');
  }
  return catalogue;
}

/** Whether the catalogue documents the series, counting a histogram's `_bucket`, `_count` and `_sum`. */
export function isDocumentedSeries(catalogue: MetricCatalogue, name: string): boolean {
  if (catalogue.metrics.has(name) || catalogue.recordingRules.has(name)) return true;
  const histogram = name.replace(HISTOGRAM_SERIES_SUFFIX, '');
  return histogram !== name && (catalogue.metrics.get(histogram) ?? '').includes('histogram');
}
