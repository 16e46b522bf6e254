import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from '../bench/bench-report.ts';
import { renderChaosReport } from '../chaos/chaos-report.ts';
import { chaosRunFromFlags } from '../chaos/chaos-run-options.ts';
import { judgeChaos } from '../chaos/chaos-verdict.ts';
import { CHAOS_PARTS } from '../chaos/fault-plan.ts';
import { measureIdleWal } from '../chaos/idle-wal.ts';
import { renderIdleWalReport } from '../chaos/idle-wal-report.ts';
import { judgeIdleWal } from '../chaos/idle-wal-verdict.ts';
import { runChaos } from '../chaos/run-chaos.ts';
import { lagPageMarkdown, writeRunLagPage } from '../dashboards/run-lag-page.ts';
import { resultsFolder, writeResultFiles } from '../readme/result-files.ts';
import { requireRunningStack } from '../stack/require-running-stack.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

const USAGE = `usage: npm run chaos -- [--seed N] [--rate additions/s] [--parts ${CHAOS_PARTS.join(',')}] [--quick]
       npm run chaos -- --idle-minutes N [--wal-rate MiB/s] [--quick]
  SIGKILLs (and SIGTERMs) parts of the running stack under steady load and checks nothing was lost or
  counted twice; or, with --idle-minutes, measures the WAL the quiet outbox's slot retains against a
  control slot. Results go to bench/, or with --quick to the stack's data folder.`;
const log = (line: string) => console.log(`[chaos] ${line}`);
const { values } = parseArgs({
  options: {
    help: { type: 'boolean', default: false },
    seed: { type: 'string' },
    quick: { type: 'boolean', default: false },
    rate: { type: 'string', default: '50' },
    parts: { type: 'string', default: CHAOS_PARTS.join(',') },
    'idle-minutes': { type: 'string' },
    'wal-rate': { type: 'string', default: '1' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const planned = chaosRunFromFlags(values, () => Math.floor(Math.random() * 2 ** 31));
if ('invalid' in planned) {
  const { unknownParts } = planned;
  console.error(USAGE + (unknownParts.length > 0 ? `\nunknown part(s): ${unknownParts.join(', ')}` : ''));
  process.exit(2);
}
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
  console.log(`\n${report}`);
  log(`${verdict.ok ? 'bounded' : 'NOT BOUNDED'}; results in ${file}`);
  process.exit(verdict.ok ? 0 : 1);
}

const { seed, ratePerSecond, faults } = run;
log(
  `seed ${seed} (repeat this run with --seed ${seed}); ${faults.length} faults under ${ratePerSecond} additions/s`,
);
const startedMs = Date.now();
const result = await runChaos(settings, { seed, ratePerSecond, faults }, log).catch((error: Error) => {
  console.error(`[chaos] the run stopped: ${error.message}; the parts' logs are in ${settings.logDir}`);
  process.exit(1);
});
const verdict = judgeChaos(result);
const lagPage = await writeRunLagPage({
  prometheusUrl: settings.prometheusUrl,
  startedMs,
  markers: result.faults.map((fault, index) => ({
    atMs: startedMs + fault.atSeconds * 1000,
    label: `fault ${index + 1}: ${fault.signal} ${fault.part}`,
  })),
  file: path.join(outDir, 'chaos-lag.html'),
  log,
});
const report =
  renderChaosReport(result, verdict, ranAt, describeMachine()) +
  lagPageMarkdown(outDir, lagPage, 'each fault');
const file = writeResultFiles(outDir, 'chaos-results', { ...result, verdict }, report);
console.log(`\n${report}`);
for (const failure of verdict.failures) log(`INVARIANT FAILED: ${failure}`);
log(
  `${verdict.ok ? 'every invariant held' : 'AN INVARIANT FAILED'}; results in ${file}; logs in ${settings.logDir}`,
);
process.exit(verdict.ok ? 0 : 1);
