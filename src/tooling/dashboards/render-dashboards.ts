import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { dashboardPageHtml } from './dashboard-page.ts';
import { dashboardPageModel } from './dashboard-page-model.ts';
import { provisionedMinIntervalSeconds } from './grafana-time-variables.ts';
import type { RenderWindow, TimeMarker } from './render-window.ts';

const DASHBOARDS_DIR = path.join(PROJECT_ROOT, 'dashboards');

/** Where `npm run dashboards:render` writes its pages unless told otherwise. */
export function renderedDashboardsDir(dataDir: string): string {
  return path.join(dataDir, 'dashboards');
}

/** The dashboards as committed in `dashboards/`, each with its file name's stem (`lag` for lag.json). */
export function committedDashboards(): { stem: string; dashboard: Dashboard }[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      stem: path.basename(file, '.json'),
      dashboard: JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard,
    }));
}

/** Renders one committed dashboard over the window into `file`; returns the file. */
export async function renderDashboardPage(options: {
  prometheusUrl: string;
  stem: string;
  window: RenderWindow;
  file: string;
  markers?: TimeMarker[];
  /** The shortest step; by default the data source's, as Grafana would use. */
  minIntervalSeconds?: number;
}): Promise<string> {
  const entry = committedDashboards().find(({ stem }) => stem === options.stem);
  if (!entry) throw new Error(`there is no dashboards/${options.stem}.json`);
  const model = await dashboardPageModel({
    prometheusUrl: options.prometheusUrl,
    dashboard: entry.dashboard,
    window: options.window,
    minIntervalSeconds: options.minIntervalSeconds ?? provisionedMinIntervalSeconds(),
    markers: options.markers,
  });
  mkdirSync(path.dirname(options.file), { recursive: true });
  writeFileSync(options.file, dashboardPageHtml(model));
  return options.file;
}

/** Renders every committed dashboard over the window into `<outDir>/<stem>.html`; returns the files. */
export async function renderAllDashboards(
  prometheusUrl: string,
  window: RenderWindow,
  outDir: string,
): Promise<string[]> {
  const files: string[] = [];
  for (const { stem } of committedDashboards())
    files.push(
      await renderDashboardPage({ prometheusUrl, stem, window, file: path.join(outDir, `${stem}.html`) }),
    );
  return files;
}

/** What `npm run stack:status` says about the rendered pages: where they are, or how to make them. */
export function renderedPagesNote(dataDir: string): string {
  const dir = renderedDashboardsDir(dataDir);
  const pages = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.html')) : [];
  if (pages.length === 0) return 'dashboards as HTML pages: npm run dashboards:render';
  const newest = Math.max(...pages.map((file) => statSync(path.join(dir, file)).mtimeMs));
  return (
    `dashboards rendered ${new Date(newest).toISOString()} (npm run dashboards:render renders them anew): ` +
    pages.map((file) => path.join(dir, file)).join(', ')
  );
}
