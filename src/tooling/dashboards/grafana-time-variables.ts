import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { parseDuration, type RenderWindow } from './render-window.ts';

/** Grafana asks Prometheus for about one point per pixel of a panel this wide. */
const MAX_DATA_POINTS = 800;
const NICE_STEPS_SECONDS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400,
];

/** The data source's `timeInterval` (the scrape interval Grafana assumes), from the provisioning file. */
export function provisionedMinIntervalSeconds(): number {
  const file = path.join(PROJECT_ROOT, 'dashboards', 'provisioning', 'datasources', 'prometheus.yaml');
  const provisioning = parse(readFileSync(file, 'utf8')) as {
    datasources?: { jsonData?: { timeInterval?: string } }[];
  };
  const timeInterval = provisioning.datasources?.[0]?.jsonData?.timeInterval;
  if (!timeInterval) throw new Error(`${file} sets no jsonData.timeInterval for the Prometheus data source`);
  return parseDuration(timeInterval) / 1000;
}

/** How often the local stack's Prometheus scrapes: a run's page resolves short faults at this step. */
export function localScrapeIntervalSeconds(): number {
  const file = path.join(PROJECT_ROOT, 'stack', 'prometheus', 'prometheus.yml');
  const config = parse(readFileSync(file, 'utf8')) as { global?: { scrape_interval?: string } };
  const interval = config.global?.scrape_interval;
  if (!interval) throw new Error(`${file} sets no global.scrape_interval`);
  return parseDuration(interval) / 1000;
}

export interface TimeVariables {
  /** Seconds between points, what Grafana calls `$__interval`. */
  stepSeconds: number;
  /** Each built-in variable's value, by name without the `$`. */
  values: Record<string, string>;
}

/**
 * Grafana's built-in time variables for a window: `$__interval` is the window over the data points a
 * panel asks for, rounded up to a round step and no shorter than the scrape interval; `$__rate_interval`
 * is the larger of `$__interval` plus one scrape and four scrapes, so `rate()` always sees two samples.
 */
export function grafanaTimeVariables(window: RenderWindow, minIntervalSeconds: number): TimeVariables {
  const rangeSeconds = Math.max(1, Math.round((window.toMs - window.fromMs) / 1000));
  const raw = rangeSeconds / MAX_DATA_POINTS;
  const rounded = NICE_STEPS_SECONDS.find((step) => step >= raw) ?? Math.ceil(raw);
  const stepSeconds = Math.max(minIntervalSeconds, rounded);
  const rateIntervalSeconds = Math.max(stepSeconds + minIntervalSeconds, 4 * minIntervalSeconds);
  return {
    stepSeconds,
    values: {
      __interval: `${stepSeconds}s`,
      __interval_ms: String(stepSeconds * 1000),
      __rate_interval: `${rateIntervalSeconds}s`,
      __range: `${rangeSeconds}s`,
      __range_s: String(rangeSeconds),
      __range_ms: String(rangeSeconds * 1000),
    },
  };
}
