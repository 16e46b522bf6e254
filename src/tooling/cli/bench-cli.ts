import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_SECTIONS, benchRunFromFlags } from '../bench/bench-plan.ts';
import { describeMachine } from '../bench/bench-report.ts';
import type { BenchResults } from '../bench/bench-results.ts';
import { pendingRestorations } from '../bench/pending-restorations.ts';
import { profileServices } from '../bench/profile-bench.ts';
import { refreshReadmeBlocks, writeBenchResults, writeProfileResults } from '../bench/results-files.ts';
import { runBench } from '../bench/run-bench.ts';
import { lagPageMarkdown, writeRunLagPage } from '../dashboards/run-lag-page.ts';
import { resultsFolder } from '../readme/result-files.ts';
import { requireRunningStack } from '../stack/require-running-stack.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

const USAGE = `usage: npm run bench -- [--quick] [--only ${BENCH_SECTIONS.join(',')}] | --profile [--quick]
  Measures the running local stack; with the full plan the figures go to bench/ and the README.
  --quick                 seconds-long plan that proves the harness works (figures go to the data folder)
  --only a,b              these sections only; the others keep their earlier figures, each with its date
  --profile               CPU profiles of both services under load instead (bench/profile-results.*)
  plan flags (figures then go to the data folder, not bench/):
  --start-rate N --max-steps N --step-seconds S   the pipeline's rate steps
  --latency-rate N --latency-seconds S             end-to-end latency per connector setting
  --profile-seconds S                              how long each service is profiled under load`;

const log = (line: string) => console.log(`[bench] ${line}`);
const { values } = parseArgs({
  options: {
    help: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    'start-rate': { type: 'string' },
    'max-steps': { type: 'string' },
    'step-seconds': { type: 'string' },
    'latency-rate': { type: 'string' },
    'latency-seconds': { type: 'string' },
    'profile-seconds': { type: 'string' },
  },
});
const { help, quick, profile, ...flags } = values;
if (help) {
  console.log(USAGE);
  process.exit(0);
}
const planned = benchRunFromFlags({ quick, profile, flags });
if ('error' in planned) {
  console.error(`${planned.error}\n${USAGE}`);
  process.exit(2);
}
const { plan, published } = planned;

const settings = loadStackSettings();
await requireRunningStack(settings, 'bench');
const outDir = resultsFolder(published, settings.dataDir, 'bench');
if (!published) log(`figures go to ${outDir}: this plan is not the one bench/ publishes`);

// Ctrl-C in the middle of a section still puts back what it changed in the stack (connector, totals keeper).
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: putting back what this run changed in the stack`);
    void pendingRestorations.restoreAll(log).then((failures) => {
      for (const failure of failures) console.error(`[bench] could not put back ${failure}`);
      process.exit(130);
    });
  });

const run = { ranAt: new Date().toISOString(), machine: describeMachine() };
const secrets = loadOrCreateSecrets(settings);
const logs = `the stack's logs are in ${settings.logDir}, those of the servers the bench starts in ${path.join(settings.dataDir, 'bench', 'logs')}`;
let written: { markdown: string; file: string } | undefined;
let failed = false;
try {
  if (profile) {
    const processes = await profileServices(settings, secrets, plan.profile, log);
    written = writeProfileResults(outDir, { ...run, processes });
  } else {
    const fresh: BenchResults = {};
    try {
      await runBench(settings, secrets, plan, run, fresh, log);
    } finally {
      written = writeBenchResults(outDir, fresh, log);
      const lagPage = await writeRunLagPage({
        prometheusUrl: settings.prometheusUrl,
        startedMs: Date.parse(run.ranAt),
        markers: (fresh.pipeline?.steps ?? []).flatMap((step, index) =>
          step.startedAt
            ? [{ atMs: Date.parse(step.startedAt), label: `step ${index + 1}: ${step.ratePerSecond}/s` }]
            : [],
        ),
        file: path.join(outDir, 'bench-lag.html'),
        log,
      });
      const link = lagPageMarkdown(outDir, lagPage, 'each rate step');
      appendFileSync(written.file.replace(/\.json$/, '.md'), link);
      written.markdown += link;
    }
  }
} catch (error) {
  console.error(`[bench] FAILED: ${(error as Error).message}\n[bench] ${logs}`);
  failed = true;
}
if (written) {
  console.log(`\n${written.markdown}`);
  log(`results: ${written.file} and its .md`);
}
// A failed run's partial figures are kept in the files, but the README shows only a finished run's.
if (published && !failed) refreshReadmeBlocks(log);
process.exit(failed ? 1 : 0);
