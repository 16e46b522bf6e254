import { rangeQuery } from '../observability/prometheus-client.ts';
import { resolveVariables } from './dashboard-queries.ts';
import type { PanelTarget } from './panel-specs.ts';

export interface SeriesData {
  name: string;
  /** One value per timestamp of the page, null where the series had none. */
  values: (number | null)[];
}

/** The points every panel of a page shares: `start` to `end` (epoch seconds, multiples of `step`). */
export interface PageTimestamps {
  start: number;
  end: number;
  step: number;
  timestamps: number[];
}

export function pageTimestamps(fromMs: number, toMs: number, stepSeconds: number): PageTimestamps {
  // Aligned to the step as Grafana aligns them, so a point's time is the same in every panel.
  const start = Math.floor(fromMs / 1000 / stepSeconds) * stepSeconds;
  const end = Math.max(start, Math.floor(toMs / 1000 / stepSeconds) * stepSeconds);
  const timestamps: number[] = [];
  for (let time = start; time <= end; time += stepSeconds) timestamps.push(time);
  return { start, end, step: stepSeconds, timestamps };
}

/** Grafana's legend: `{{label}}` replaced by the series' label; without a format, the labels as PromQL writes them. */
export function legendName(legendFormat: string, metric: Record<string, string>): string {
  if (legendFormat.trim() !== '')
    return legendFormat.replace(/\{\{\s*(\w+)\s*\}\}/g, (_whole, label: string) => metric[label] ?? '');
  const { __name__: name = '', ...labels } = metric;
  const pairs = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  return pairs.length === 0 ? name || 'value' : `${name}{${pairs.join(', ')}}`;
}

/** Each target's PromQL with the variables resolved, as the page shows it under the panel. */
export function resolvedQueries(targets: PanelTarget[], variables: Record<string, string>): string[] {
  return targets.map((target) => resolveVariables(target.expr, variables));
}

/** Every series the panel's queries return over the page's time, each named by its legend format. */
export async function panelSeries(
  prometheusUrl: string,
  targets: PanelTarget[],
  queries: string[],
  time: PageTimestamps,
): Promise<SeriesData[]> {
  const perTarget = await Promise.all(
    targets.map(async (target, index) => {
      const matrix = await rangeQuery(prometheusUrl, queries[index] as string, time);
      return matrix.map((series) => {
        const values: (number | null)[] = time.timestamps.map(() => null);
        for (const [at, value] of series.values) {
          const position = Math.round((at - time.start) / time.step);
          const number = Number(value);
          if (position >= 0 && position < values.length && Number.isFinite(number)) values[position] = number;
        }
        return { name: legendName(target.legendFormat, series.metric), values };
      });
    }),
  );
  return perTarget.flat();
}
