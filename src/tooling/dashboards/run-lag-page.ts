import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { localScrapeIntervalSeconds } from './grafana-time-variables.ts';
import { renderDashboardPage } from './render-dashboards.ts';
import type { TimeMarker } from './render-window.ts';

// A minute before the run shows the calm it started from.
const LEAD_IN_MS = 60_000;

/**
 * Renders the lag dashboard over a run (from a minute before it to now, a point per scrape) with the
 * run's faults or load steps marked into `file`. A page that cannot be rendered is reported, not thrown: the run's own
 * results must still be written.
 */
export async function writeRunLagPage(options: {
  prometheusUrl: string;
  startedMs: number;
  markers: TimeMarker[];
  file: string;
  log: (line: string) => void;
}): Promise<string | undefined> {
  try {
    // The last moments of the run reach Prometheus with the next scrape and rule evaluation.
    await sleep(2 * localScrapeIntervalSeconds() * 1000);
    const file = await renderDashboardPage({
      prometheusUrl: options.prometheusUrl,
      stem: 'lag',
      window: { fromMs: options.startedMs - LEAD_IN_MS, toMs: Date.now() },
      markers: options.markers,
      file: options.file,
      // A fault's lag can come and go within Grafana's 15 s step; every scrape is drawn instead.
      minIntervalSeconds: localScrapeIntervalSeconds(),
    });
    options.log(`lag dashboard over this run: ${file}`);
    return file;
  } catch (error) {
    options.log(`could not render the lag dashboard over this run: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * The line a results file in `resultsDir` links the page with; nothing when there is no page. The link
 * climbs out of the folder and back in (`../bench/chaos-lag.html`), so the same line also works where the
 * results are copied into a sibling folder's page, such as `docs/`.
 */
export function lagPageMarkdown(resultsDir: string, file: string | undefined, marked: string): string {
  if (!file) return '';
  const fromSibling = path.relative(path.dirname(resultsDir), file).split(path.sep).join('/');
  return `\nThe lag dashboard over this run, ${marked} marked: [${path.basename(file)}](../${fromSibling}).\n`;
}
