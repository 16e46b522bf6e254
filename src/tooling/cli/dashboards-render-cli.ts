import path from 'node:path';
import { renderAllDashboards, renderedDashboardsDir } from '../dashboards/render-dashboards.ts';
import { renderWindowFrom } from '../dashboards/render-window.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';

const COMMAND = {
  command: 'npm run dashboards:render --',
  synopsis: ['[--last D | --from <time> [--to <time>]] [--out DIR]'],
  summary:
    "Renders every dashboard in dashboards/ from the local stack's Prometheus into one self-contained HTML\n" +
    'page each (charts and data inlined: open it in any browser, offline), and prints their paths.',
  options: {
    last: {
      type: 'string',
      value: 'D',
      description: 'the last D (s, m, h or d, e.g. 30m); without a window, the last 15m',
    },
    from: {
      type: 'string',
      value: 'TIME',
      description: 'now, now-<duration> (now-2h) or ISO 8601 (2026-11-25T18:00:00Z)',
    },
    to: {
      type: 'string',
      value: 'TIME',
      description: 'the end of the window, as --from; now when not given',
    },
    out: {
      type: 'string',
      value: 'DIR',
      description: "where the pages go (default: the stack's data folder, dashboards/)",
    },
  },
  failure: 'Prometheus could not be read or a dashboard could not be rendered',
} satisfies CommandSpec;

const { values: flags } = parseCommandLine(COMMAND);
let window: ReturnType<typeof renderWindowFrom>;
try {
  window = renderWindowFrom(flags, Date.now());
} catch (error) {
  usageError(COMMAND, (error as Error).message);
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
