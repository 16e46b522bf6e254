import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { BENCH_SECTIONS, benchRunFromFlags } from '../bench/bench-plan.ts';
import { describeMachine } from '../bench/bench-report.ts';
import type { BenchResults } from '../bench/bench-results.ts';
import { appendCostHistory, measuredCode } from '../bench/cost-history.ts';
import { pendingRestorations } from '../bench/pending-restorations.ts';
import { profileServices } from '../bench/profile-bench.ts';
import { writeBenchResults, writeProfileResults } from '../bench/results-files.ts';
import { runBench } from '../bench/run-bench.ts';
import { lagPageMarkdown, writeRunLagPage } from '../dashboards/run-lag-page.ts';
import { resultsFolder } from '../readme/result-files.ts';
import { refreshPublishedBlocks } from '../readme/result-pages.ts';
import { stackHasFaultProxies } from '../stack/fault-proxies.ts';
import { requireRunningStack } from '../stack/require-running-stack.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';
import { ignoreClosedOutput } from './stop-on-interrupt.ts';

const COMMAND = {
  command: 'npm run bench --',
  synopsis: [
    `[--quick] [--only ${BENCH_SECTIONS.join(',')}] [plan options]`,
    '--profile [--quick] [--profile-seconds S] [--profile-rate N]',
  ],
  summary:
    'Measures the running local stack (npm run stack:up first); with the full plan the figures go to bench/ and docs/benchmarks.md.',
  options: {
    quick: {
      type: 'boolean',
      description: 'seconds-long plan that proves the harness works (figures go to the data folder)',
    },
    only: {
      type: 'string',
      value: 'a,b',
      description: `these sections only, of ${BENCH_SECTIONS.join(', ')}; the others keep their earlier figures`,
    },
    profile: {
      type: 'boolean',
      description:
        "CPU profiles of both services and of the stack's Kafka Connect and broker under load instead (bench/profile-results.*)",
    },
    'start-rate': { type: 'string', value: 'N', description: "the pipeline's first rate step, additions/s" },
    'max-steps': { type: 'string', value: 'N', description: 'how many rate steps the pipeline climbs' },
    'step-seconds': { type: 'string', value: 'S', description: 'how long each rate step lasts' },
    'latency-rate': {
      type: 'string',
      value: 'N',
      description: 'end-to-end latency at this rate, additions/s',
    },
    'latency-seconds': {
      type: 'string',
      value: 'S',
      description: 'how long each connector setting is measured',
    },
    'cost-rates': {
      type: 'string',
      value: 'N,M',
      description: 'the fixed rates at which the cost section measures CPU per addition, additions/s',
    },
    'cost-seconds': {
      type: 'string',
      value: 'S',
      description: 'how long each cost rate is measured, after its warm-up',
    },
    'profile-seconds': {
      type: 'string',
      value: 'S',
      description: 'how long each service is profiled under load',
    },
    'profile-rate': {
      type: 'string',
      value: 'N',
      description:
        'the fixed rate of Add calls under which the calculator, Connect and the broker are profiled',
    },
  },
  notes: ['Any plan option makes the figures go to the data folder, not bench/.'],
  failure: 'a section failed (its partial figures are kept; the error says where the logs are)',
  exitCodes: { 130: 'stopped by Ctrl-C, after putting back what it changed in the stack' },
} satisfies CommandSpec;

const log = (line: string) => console.log(`[bench] ${line}`);
const { quick, profile, ...flags } = parseCommandLine(COMMAND).values;
const planned = benchRunFromFlags({ quick, profile, flags });
if ('error' in planned) usageError(COMMAND, planned.error);
const { plan, published } = planned;

const settings = loadStackSettings();
await requireRunningStack(settings, 'bench');
// The published figures are of the stack as users run it: every client straight to its server.
const throughFaultProxies = await stackHasFaultProxies(settings);
if (throughFaultProxies && published) {
  console.error(
    `[bench] the running stack has its fault proxies (Toxiproxy at ${settings.toxiproxyUrl}) on every hop: bench/ ` +
      'publishes figures of the direct stack; restart it without them (npm run stack:down, then npm run stack:up), ' +
      'or give a plan option (e.g. --only pipeline --step-seconds 20) to measure through them into the data folder',
  );
  process.exit(64);
}
if (throughFaultProxies) log('the stack has its fault proxies: every hop is measured through Toxiproxy');
// The same for the number of services: the published figures are of one of each (the scale sections
// start twins of their own, scaled).
if ((settings.calculators !== 1 || settings.totalsKeepers !== 1) && published) {
  console.error(
    `[bench] the running stack has ${settings.calculators} calculators and ${settings.totalsKeepers} totals keepers: ` +
      'bench/ publishes figures of one of each (its scale sections compare scaled twins of their own); ' +
      'bring it back with npm run stack:up -- --calculators 1 --totals 1, or give a plan option to measure it into the data folder',
  );
  process.exit(64);
}
const outDir = resultsFolder(published, settings.dataDir, 'bench');
if (!published) log(`figures go to ${outDir}: this plan is not the one bench/ publishes`);

// Ctrl-C in the middle of a section still puts back what it changed in the stack (connector, totals keeper).
// Ctrl-C on `npm run bench | tee` kills tee too: putting the stack's settings back must still finish.
ignoreClosedOutput();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: putting back what this run changed in the stack`);
    void pendingRestorations.restoreAll(log).then((failures) => {
      for (const failure of failures) console.error(`[bench] could not put back ${failure}`);
      process.exit(130);
    });
  });

const run = { ranAt: new Date().toISOString(), machine: describeMachine() };
// Read before the run: the run itself rewrites files under bench/.
const code = measuredCode(PROJECT_ROOT);
const secrets = loadOrCreateSecrets(settings);
const logs = `the stack's logs are in ${settings.logDir}, those of the servers the bench starts in ${path.join(settings.dataDir, 'bench', 'logs')}`;
let written: { markdown: string; file: string } | undefined;
let failed = false;
try {
  if (profile) {
    const profiles = await profileServices(settings, secrets, plan.profile, log);
    written = writeProfileResults(outDir, { ...run, ...profiles });
  } else {
    const fresh: BenchResults = {};
    try {
      await runBench(settings, secrets, plan, run, fresh, log);
    } finally {
      written = writeBenchResults(outDir, fresh, log);
      if (fresh.cost) {
        const history = appendCostHistory(outDir, fresh.cost, code);
        log(`cost per addition added to ${history}`);
      }
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
// A failed run's partial figures are kept in the files, but the docs show only a finished run's.
if (published && !failed) refreshPublishedBlocks(PROJECT_ROOT, log);
process.exit(failed ? 1 : 0);
