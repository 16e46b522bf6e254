import type { ServiceDatabases } from '../stack/local-databases.ts';
import { partPid } from '../stack/part-control.ts';
import { calculatorTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import type { BenchPlan } from './bench-plan.ts';
import { runRateStep, waitForDrain } from './pipeline-bench.ts';
import type { PipelinePositionProbe } from './pipeline-position.ts';
import { processTreesCpuMs } from './process-tree-cpu.ts';

/** The parts every addition passes through, in the order it does. */
export const PIPELINE_PARTS = ['calculator', 'postgres', 'connect', 'kafka', 'totals'] as const;
/** Parts that watch the pipeline rather than carry it: shown, not counted in the total. */
export const OBSERVING_PARTS = ['otel-collector', 'prometheus', 'postgres-exporter'] as const;

export interface CostAtRate {
  ratePerSecond: number;
  durationMs: number;
  /** Additions answered during the measured window (all of them applied before the CPU was read again). */
  additions: number;
  /** CPU-milliseconds per addition of each part that ran (Postgres with every backend and the WAL sender). */
  perAdditionMs: Record<string, number>;
  /** The sum over the pipeline's parts. */
  pipelineTotalMs: number;
  /** The load generator (this bench process): apart, never in the total. */
  loadGeneratorMs: number;
}

export interface CostResult {
  rates: CostAtRate[];
}

const DRAIN_TIMEOUT_MS = 300_000;

/**
 * What one addition costs in CPU, part by part: at each fixed rate, after a warm-up, every part's CPU time
 * (its whole process tree, from /proc) is read before and after a steady window and after the pipeline has
 * applied everything that window sent, then divided by the additions sent.
 */
export async function benchCost(
  settings: StackSettings,
  plan: BenchPlan['cost'],
  probe: PipelinePositionProbe,
  databases: ServiceDatabases,
  log: (line: string) => void,
): Promise<CostResult> {
  const rates: CostAtRate[] = [];
  for (const ratePerSecond of plan.rates) {
    await waitForDrain(databases, DRAIN_TIMEOUT_MS);
    const step = { calculator: calculatorTarget(settings), probe, ratePerSecond, log };
    await runRateStep({ ...step, durationMs: plan.warmupMs });
    await waitForDrain(databases, DRAIN_TIMEOUT_MS);
    const cpu = await startCpuReading(settings);
    const loadBefore = process.cpuUsage();
    const measured = await runRateStep({ ...step, durationMs: plan.durationMs });
    const load = process.cpuUsage(loadBefore);
    await waitForDrain(databases, DRAIN_TIMEOUT_MS);
    const additions = measured.ok;
    if (additions === 0) throw new Error(`no addition succeeded at ${ratePerSecond}/s`);
    const perAdditionMs = cpu.perAddition(additions);
    const pipelineTotalMs = pipelineCpuMs(perAdditionMs);
    const loadGeneratorMs = (load.user + load.system) / 1000 / additions;
    log(
      `cost at ${ratePerSecond}/s: ${pipelineTotalMs.toFixed(2)} CPU-ms per addition (` +
        PIPELINE_PARTS.filter((part) => part in perAdditionMs)
          .map((part) => `${part} ${perAdditionMs[part]?.toFixed(2)}`)
          .join(', ') +
        `); load generator ${loadGeneratorMs.toFixed(2)}, apart`,
    );
    rates.push({
      ratePerSecond,
      durationMs: plan.durationMs,
      additions,
      perAdditionMs,
      pipelineTotalMs,
      loadGeneratorMs,
    });
  }
  return { rates };
}

/**
 * Reads every part's CPU time now; `perAddition` reads it again and divides what each part spent in
 * between by the additions made.
 */
export async function startCpuReading(
  settings: StackSettings,
): Promise<{ perAddition: (additions: number) => Record<string, number> }> {
  const pids = await partPids(settings);
  const before = processTreesCpuMs(pids);
  return {
    perAddition: (additions) => {
      const after = processTreesCpuMs(pids);
      return Object.fromEntries(
        Object.keys(pids).map((part) => [part, ((after[part] ?? 0) - (before[part] ?? 0)) / additions]),
      );
    },
  };
}

/** The sum over the parts every addition passes through. */
export function pipelineCpuMs(perAdditionMs: Record<string, number>): number {
  return PIPELINE_PARTS.reduce((sum, part) => sum + (perAdditionMs[part] ?? 0), 0);
}

/** Each running part's pid; a part the stack does not run (a Postgres of the user's own) is left out. */
async function partPids(settings: StackSettings): Promise<Record<string, number>> {
  const pids: Record<string, number> = {};
  for (const part of [...PIPELINE_PARTS, ...OBSERVING_PARTS]) {
    if (part === 'postgres' && settings.STACK_POSTGRES_ADMIN_URL) continue;
    pids[part] = await partPid(settings, part);
  }
  return pids;
}
