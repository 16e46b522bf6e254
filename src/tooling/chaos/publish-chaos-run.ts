import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { lagPageMarkdown, writeRunLagPage } from '../dashboards/run-lag-page.ts';
import { writeResultFiles } from '../readme/result-files.ts';
import { refreshPublishedBlocks } from '../readme/result-pages.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import type { ChaosVerdict } from './chaos-verdict.ts';

/**
 * The end of every chaos run under load: the lag page with each fault or step marked, the report and
 * its JSON in the results folder (and, for a published run, every page's results block), the verdict's
 * failures on the console. Returns the exit code: 0 when every invariant held.
 */
export async function publishChaosRun(options: {
  settings: StackSettings;
  outDir: string;
  /** `chaos-results`: the results files' name, and the lag page's with `-lag.html` for `-results`. */
  resultsName: string;
  startedMs: number;
  /** Each fault or step: when it started (seconds into the run) and its label on the lag page. */
  markers: { atSeconds: number; label: string }[];
  /** "each fault", "each step": what the lag page marks, as the report says it. */
  marked: string;
  result: object;
  verdict: ChaosVerdict;
  report: string;
  published: boolean;
  log: (line: string) => void;
}): Promise<number> {
  const { settings, outDir, resultsName, log, verdict } = options;
  const lagPage = await writeRunLagPage({
    prometheusUrl: settings.prometheusUrl,
    startedMs: options.startedMs,
    markers: options.markers.map(({ atSeconds, label }) => ({
      atMs: options.startedMs + atSeconds * 1000,
      label,
    })),
    file: path.join(outDir, `${resultsName.replace(/-results$/, '')}-lag.html`),
    log,
  });
  const report = options.report + lagPageMarkdown(outDir, lagPage, options.marked);
  const file = writeResultFiles(outDir, resultsName, { ...options.result, verdict }, report);
  if (options.published) refreshPublishedBlocks(PROJECT_ROOT, log);
  console.log(`\n${report}`);
  for (const failure of verdict.failures) log(`INVARIANT FAILED: ${failure}`);
  log(
    `${verdict.ok ? 'every invariant held' : 'AN INVARIANT FAILED'}; results in ${file}; logs in ${settings.logDir}`,
  );
  return verdict.ok ? 0 : 1;
}
