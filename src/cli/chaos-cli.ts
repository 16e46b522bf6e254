import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from '../bench/bench-report.ts';
import { renderChaosReport } from '../chaos/chaos-report.ts';
import { CHAOS_PARTS, type ChaosPart, planFaults } from '../chaos/fault-plan.ts';
import { measureIdleWal } from '../chaos/idle-wal.ts';
import { runChaos } from '../chaos/run-chaos.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings, PROJECT_ROOT } from '../stack/stack-settings.ts';
import { requireRunningStack } from './require-running-stack.ts';

// `npm run chaos [-- --seed N] [-- --quick]`: SIGKILLs each part of the running stack under steady load.
const log = (line: string) => console.log(`[chaos] ${line}`);
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    quick: { type: 'boolean', default: false },
    rate: { type: 'string', default: '50' },
    parts: { type: 'string', default: CHAOS_PARTS.join(',') },
    'idle-minutes': { type: 'string' },
  },
});
const parts = values.parts.split(',').map((part) => part.trim());
const unknown = parts.filter((part) => !CHAOS_PARTS.includes(part as ChaosPart));
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const ratePerSecond = Number(values.rate);
if (unknown.length > 0 || !Number.isInteger(seed) || !(ratePerSecond > 0)) {
  console.error(
    `usage: npm run chaos -- [--seed N] [--rate additions/s] [--parts ${CHAOS_PARTS.join(',')}] [--quick] | --idle-minutes N` +
      (unknown.length > 0 ? `\nunknown part(s): ${unknown.join(', ')}` : ''),
  );
  process.exit(2);
}

const settings = loadStackSettings();
await requireRunningStack(settings, 'chaos');

if (values['idle-minutes'] !== undefined) {
  const minutes = Number(values['idle-minutes']);
  log(`outbox idle for ${minutes} min while another database writes about 1 MiB/s of WAL`);
  const idle = await measureIdleWal(
    settings,
    loadOrCreateSecrets(settings),
    { durationMs: minutes * 60_000, writeMiBPerSecond: 1, sampleEveryMs: 30_000 },
    log,
  );
  const bounded =
    idle.confirmedFlushAdvanced &&
    idle.restartLsnAdvances >= 2 &&
    idle.maxRetainedMiB < idle.writtenMiB * 0.6;
  log(
    `WAL written ${idle.writtenMiB.toFixed(0)} MiB; most retained by the slot at once ${idle.maxRetainedMiB.toFixed(1)} MiB; ` +
      `Debezium confirmed progress: ${idle.confirmedFlushAdvanced ? 'yes' : 'NO'}; ${bounded ? 'bounded' : 'NOT BOUNDED'}`,
  );
  process.exit(bounded ? 0 : 1);
}

// The quick run: one kill of each of the given parts (the services SIGTERMed too), short quiet spells.
const faults = planFaults({
  seed,
  parts: parts as ChaosPart[],
  killsPerPart: values.quick ? 1 : 3,
  terminateServices: true,
  quietMs: values.quick ? [1_000, 3_000] : [3_000, 10_000],
});
log(
  `seed ${seed} (repeat this run with --seed ${seed}); ${faults.length} faults under ${ratePerSecond} additions/s`,
);
const ranAt = new Date().toISOString();
const result = await runChaos(settings, { seed, ratePerSecond, faults }, log);
const report = renderChaosReport(result, ranAt, describeMachine());
const outDir = values.quick ? path.join(settings.dataDir, 'chaos') : path.join(PROJECT_ROOT, 'bench');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'chaos-results.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(path.join(outDir, 'chaos-results.md'), report);
console.log(`\n${report}`);
log(
  `${result.ok ? 'every invariant held' : 'AN INVARIANT FAILED'}; results in ${path.join(outDir, 'chaos-results.md')}; logs in ${settings.logDir}`,
);
process.exit(result.ok ? 0 : 1);
