import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderAllDashboards, renderedDashboardsDir } from '../dashboards/render-dashboards.ts';
import { renderWindowFrom } from '../dashboards/render-window.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

const USAGE = `usage: npm run dashboards:render -- [--last 15m | --from <time> [--to <time>]] [--out DIR]
  Renders every dashboard in dashboards/ from the local stack's Prometheus into one self-contained HTML
  page each (charts and data inlined: open it in any browser, offline).
  --last D        the last D (s, m, h or d, e.g. 30m); the default is the last 15m
  --from, --to    now, now-<duration> (now-2h) or ISO 8601 (2026-11-25T18:00:00Z); --to defaults to now
  --out DIR       where the pages go (default: the stack's data folder, dashboards/)
exit codes: 0 rendered, 1 Prometheus or a dashboard failed, 64 bad usage`;
const EXIT_USAGE = 64;

function usageError(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(EXIT_USAGE);
}

let flags: { help?: boolean; last?: string; from?: string; to?: string; out?: string };
try {
  flags = parseArgs({
    options: {
      help: { type: 'boolean' },
      last: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
    },
  }).values;
} catch (error) {
  usageError((error as Error).message);
}
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
let window: ReturnType<typeof renderWindowFrom>;
try {
  window = renderWindowFrom(flags, Date.now());
} catch (error) {
  usageError((error as Error).message);
}

const settings = loadStackSettings();
const outDir = path.resolve(flags.out ?? renderedDashboardsDir(settings.dataDir));
try {
  const files = await renderAllDashboards(settings.prometheusUrl, window, outDir);
  for (const file of files) console.log(file);
} catch (error) {
  console.error(
    `[dashboards] could not render from Prometheus at ${settings.prometheusUrl} (is the stack up? npm run stack:status): ${(error as Error).message}`,
  );
  process.exit(1);
}
