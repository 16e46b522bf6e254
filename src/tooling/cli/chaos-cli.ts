import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { describeMachine } from '../bench/bench-report.ts';
import { renderChaosReport } from '../chaos/chaos-report.ts';
import { chaosRunFromFlags } from '../chaos/chaos-run-options.ts';
import { judgeChaos } from '../chaos/chaos-verdict.ts';
import { renderFailoverChaosReport } from '../chaos/failover-chaos-report.ts';
import { judgeFailoverChaos } from '../chaos/failover-chaos-verdict.ts';
import { failoverRunName } from '../chaos/failover-plan.ts';
import { CHAOS_PARTS, NETWORK_FAULT_KINDS } from '../chaos/fault-plan.ts';
import { measureIdleWal } from '../chaos/idle-wal.ts';
import { renderIdleWalReport } from '../chaos/idle-wal-report.ts';
import { judgeIdleWal } from '../chaos/idle-wal-verdict.ts';
import { publishChaosRun } from '../chaos/publish-chaos-run.ts';
import { runChaos } from '../chaos/run-chaos.ts';
import { runFailoverChaos } from '../chaos/run-failover-chaos.ts';
import { runScaleChaos } from '../chaos/run-scale-chaos.ts';
import { renderScaleChaosReport } from '../chaos/scale-chaos-report.ts';
import { judgeScaleChaos } from '../chaos/scale-chaos-verdict.ts';
import { planScaleSteps } from '../chaos/scale-plan.ts';
import { resultsFolder, writeResultFiles } from '../readme/result-files.ts';
import { refreshPublishedBlocks } from '../readme/result-pages.ts';
import { FAULT_LINKS } from '../stack/fault-proxies.ts';
import { requireRunningStack } from '../stack/require-running-stack.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';
import { ignoreClosedOutput } from './stop-on-interrupt.ts';

const COMMAND = {
  command: 'npm run chaos --',
  synopsis: [
    '[--seed N] [--rate N] [--parts a,b|none] [--links a,b|none] [--kinds a,b] [--quick]',
    '--idle-minutes N [--wal-rate MiB/s] [--quick]',
    '--scale [--seed N] [--rate N] [--quick]',
    '--failover [--failovers N] [--seed N] [--rate N] [--quick] [--async | --no-failover-slot]',
  ],
  summary:
    'SIGKILLs (and SIGTERMs) parts of the running local stack and cuts, blackholes, slows and resets its network\n' +
    'links (through Toxiproxy: start the stack with `npm run stack:up -- --fault-proxies`) under steady load,\n' +
    'and checks nothing was lost, counted twice or left hanging; or, with --idle-minutes, measures the WAL\n' +
    "the quiet outbox's slot retains against a control slot; or, with --scale, on a stack of several calculators and\n" +
    'totals keepers (`npm run stack:up -- --calculators 2 --totals 3`), scales the keepers in and out, kills one\n' +
    'mid-batch, makes one a zombie and races idempotency keys across calculators; or, with --failover, on a stack\n' +
    'with a Postgres standby (`npm run stack:up -- --ha`), kills the primary, promotes the standby and rebuilds the\n' +
    "old primary, again and again. Results go to bench/, or with --quick to the stack's data folder.",
  options: {
    seed: {
      type: 'string',
      value: 'N',
      description: "the fault plan's seed, to repeat a run (default: random)",
    },
    rate: { type: 'string', value: 'N', default: '50', description: 'steady load, additions/s' },
    parts: { type: 'string', value: 'a,b', default: CHAOS_PARTS.join(','), description: 'the parts to kill' },
    links: {
      type: 'string',
      value: 'a,b',
      default: FAULT_LINKS.join(','),
      description: 'the links to put network faults on (none: process faults only)',
    },
    kinds: {
      type: 'string',
      value: 'a,b',
      default: NETWORK_FAULT_KINDS.join(','),
      description: 'the network fault kinds, each put once on each link',
    },
    quick: {
      type: 'boolean',
      description: 'one kill of each part, shorter quiet spells and holds; results to the data folder',
    },
    'idle-minutes': {
      type: 'string',
      value: 'N',
      description: "measure the idle outbox's WAL for N minutes instead",
    },
    scale: {
      type: 'boolean',
      description: 'the scale-out steps instead, on a stack of 2+ calculators and 2+ totals keepers',
    },
    failover: {
      type: 'boolean',
      description: 'kill the primary Postgres and fail over, on a stack started with --ha (docs/failover.md)',
    },
    failovers: {
      type: 'string',
      value: 'N',
      description: 'with --failover: how many (default 3; 1 with --quick)',
    },
    async: {
      type: 'boolean',
      description: 'with --failover, a demonstration: the standby replicates asynchronously for the run',
    },
    'no-failover-slot': {
      type: 'boolean',
      description:
        "with --failover, a demonstration: the connector's slot is not a failover slot for the run",
    },
    'wal-rate': {
      type: 'string',
      value: 'MiB/s',
      default: '1',
      description: 'WAL another database writes meanwhile',
    },
  },
  failure: 'an invariant failed (or the WAL was not bounded), or the run stopped; the error says which',
} satisfies CommandSpec;
const log = (line: string) => console.log(`[chaos] ${line}`);
const { values } = parseCommandLine(COMMAND);
// Ctrl-C on `npm run chaos | tee` kills tee too: dropping the idle-WAL run's slot and the report must still
// happen.
ignoreClosedOutput();
const planned = chaosRunFromFlags(values, () => Math.floor(Math.random() * 2 ** 31));
if ('error' in planned) usageError(COMMAND, planned.error);
const { run } = planned;

const settings = loadStackSettings();
await requireRunningStack(settings, 'chaos');
// A quick run only proves the harness works: its results go to the data folder, not into bench/.
const outDir = resultsFolder(!values.quick, settings.dataDir, 'chaos');

const ranAt = new Date().toISOString();

if (run.kind === 'idle-wal') {
  log(
    `outbox idle for ${run.idleMinutes} min while another database writes about ${run.measure.writeMiBPerSecond} MiB/s of WAL`,
  );
  const result = await measureIdleWal(settings, loadOrCreateSecrets(settings), run.measure, log).catch(
    (error: Error) => {
      console.error(
        `[chaos] the idle-WAL measurement failed: ${error.message}; Postgres's log: ${path.join(settings.logDir, 'postgres.log')}`,
      );
      process.exit(1);
    },
  );
  const verdict = judgeIdleWal(result);
  const report = renderIdleWalReport(result, verdict, ranAt, describeMachine());
  const file = writeResultFiles(outDir, 'idle-wal-results', { ranAt, ...result, verdict }, report);
  if (!values.quick) refreshPublishedBlocks(PROJECT_ROOT, log);
  console.log(`\n${report}`);
  log(`${verdict.ok ? 'bounded' : 'NOT BOUNDED'}; results in ${file}`);
  process.exit(verdict.ok ? 0 : 1);
}

if (run.kind === 'scale') {
  if (
    settings.calculators < 2 ||
    settings.totalsKeepers < 2 ||
    settings.totalsKeepers > settings.CALCULATION_EVENTS_PARTITIONS
  ) {
    console.error(
      `[chaos] --scale needs a stack of at least 2 calculators and 2 totals keepers (this one runs ${settings.calculators} and ${settings.totalsKeepers}): start it with npm run stack:up -- --calculators 2 --totals 3`,
    );
    process.exit(64);
  }
  const steps = planScaleSteps({ ...run, totalsKeepers: settings.totalsKeepers });
  log(
    `seed ${run.seed} (repeat this run with --scale --seed ${run.seed}); ${steps.length} steps under ${run.ratePerSecond} additions/s over ${settings.calculators} calculators and ${settings.totalsKeepers} totals keepers`,
  );
  const startedMs = Date.now();
  const result = await runScaleChaos(
    settings,
    { seed: run.seed, ratePerSecond: run.ratePerSecond, steps },
    log,
  ).catch((error: Error) => {
    console.error(`[chaos] the run stopped: ${error.message}; the parts' logs are in ${settings.logDir}`);
    process.exit(1);
  });
  const verdict = judgeScaleChaos(result);
  process.exit(
    await publishChaosRun({
      settings,
      outDir,
      resultsName: 'scale-chaos-results',
      startedMs,
      markers: result.steps.map((step, index) => ({
        atSeconds: step.atSeconds,
        label: `step ${index + 1}: ${step.name}`,
      })),
      marked: 'each step',
      result,
      verdict,
      report: renderScaleChaosReport(result, verdict, ranAt, describeMachine()),
      published: !values.quick,
      log,
    }),
  );
}

if (run.kind === 'failover') {
  if (!settings.postgresHa) {
    console.error(
      '[chaos] --failover needs a stack whose Postgres has a standby: start it with npm run stack:up -- --ha (docs/failover.md)',
    );
    process.exit(64);
  }
  const demonstration = run.replication === 'asynchronous' || !run.failoverSlot;
  log(
    `seed ${run.seed} (repeat this run with --failover --seed ${run.seed}); ${run.steps.length} failovers under ${run.ratePerSecond} additions/s` +
      (demonstration ? `; a DEMONSTRATION of ${failoverRunName(run)}, expected to fail` : ''),
  );
  const startedMs = Date.now();
  const result = await runFailoverChaos(settings, loadOrCreateSecrets(settings), run, log).catch(
    (error: Error) => {
      console.error(`[chaos] the run stopped: ${error.message}; the parts' logs are in ${settings.logDir}`);
      process.exit(1);
    },
  );
  const verdict = judgeFailoverChaos(result);
  // A demonstration's results never go into bench/'s published run: they have a file of their own.
  const resultsName = demonstration
    ? `failover-${run.replication === 'asynchronous' ? 'async' : 'no-failover-slot'}-chaos-results`
    : 'failover-chaos-results';
  process.exit(
    await publishChaosRun({
      settings,
      outDir,
      resultsName,
      startedMs,
      markers: result.failovers.map((failover, index) => ({
        atSeconds: failover.atSeconds,
        label: `failover ${index + 1}: ${failover.name}`,
      })),
      marked: 'each failover',
      result,
      verdict,
      report: renderFailoverChaosReport(result, verdict, ranAt, describeMachine()),
      published: !values.quick,
      log,
    }),
  );
}

const { seed, ratePerSecond, faults } = run;
// With a standby, a dead Postgres node is failed over from, not restarted: the kill of a node is --failover's.
if (settings.postgresHa && faults.some((fault) => fault.type === 'process' && fault.part === 'postgres')) {
  console.error(
    '[chaos] this stack runs Postgres with a standby, where killing a node means failing over: run npm run chaos -- --failover, or leave Postgres out (--parts calculator,totals,connect,kafka)',
  );
  process.exit(64);
}
log(
  `seed ${seed} (repeat this run with --seed ${seed}); ${faults.length} faults under ${ratePerSecond} additions/s`,
);
const startedMs = Date.now();
const result = await runChaos(settings, { seed, ratePerSecond, faults }, log).catch((error: Error) => {
  console.error(`[chaos] the run stopped: ${error.message}; the parts' logs are in ${settings.logDir}`);
  process.exit(1);
});
const verdict = judgeChaos(result);
process.exit(
  await publishChaosRun({
    settings,
    outDir,
    resultsName: 'chaos-results',
    startedMs,
    markers: result.faults.map((fault, index) => ({
      atSeconds: fault.atSeconds,
      label: `fault ${index + 1}: ${fault.name}`,
    })),
    marked: 'each fault',
    result,
    verdict,
    report: renderChaosReport(result, verdict, ranAt, describeMachine()),
    published: !values.quick,
    log,
  }),
);
