import { sql } from 'kysely';
import type { GrpcTarget } from '../../services/shared/grpc-target.ts';
import type { ServiceDatabases } from '../stack/local-databases.ts';
import { pipelineBacklog } from '../stack/pipeline-backlog.ts';
import { GrpcAddSender } from './grpc-add-sender.ts';
import { LatencySample } from './latency-sample.ts';
import { runOpenLoop } from './open-loop.ts';
import type { PipelinePositionProbe } from './pipeline-position.ts';
import { trackPeakMemory } from './resident-memory.ts';

export interface RateStep {
  ratePerSecond: number;
  durationMs: number;
  ok: number;
  failed: number;
  skipped: number;
  /**
   * Largest backlog (committed by the calculator, not yet applied by the totals keeper) seen in the
   * step's second half.
   */
  maxBacklogLateInStep: number;
  /** Largest part of it that had not reached Kafka yet (Debezium's share). */
  maxDebeziumBacklog: number;
  bounded: boolean;
  /** When the step began (ISO 8601): the rendered lag dashboard marks it. */
  startedAt?: string;
  /** Peak RSS of each service process during the step. */
  peakRssMiB: Record<string, number>;
}

export interface LatencyRun {
  ratePerSecond: number;
  events: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends at `ratePerSecond` for the duration and watches the backlog every second. The step counts as
 * sustained when the load got through without refusals and, through its second half, the backlog never
 * exceeded two seconds of input: the pipeline kept up instead of falling further behind.
 */
export async function runRateStep(options: {
  calculator: GrpcTarget;
  probe: PipelinePositionProbe;
  ratePerSecond: number;
  durationMs: number;
  servicePids?: Record<string, number>;
  log: (line: string) => void;
}): Promise<RateStep & { keyPrefix: string }> {
  const { probe, ratePerSecond, durationMs } = options;
  const stopTrackingMemory = trackPeakMemory(options.servicePids ?? {});
  const sender = new GrpcAddSender(options.calculator);
  const start = await probe.read();
  let committed = 0;
  let maxBacklogLateInStep = 0;
  let maxDebeziumBacklog = 0;
  const sampling = setInterval(() => {
    void probe.read().then(
      (position) => {
        const inKafka = position.inKafka - start.inKafka;
        const applied = position.applied - start.applied;
        maxDebeziumBacklog = Math.max(maxDebeziumBacklog, committed - inKafka);
        if (performance.now() - startedAt > durationMs / 2)
          maxBacklogLateInStep = Math.max(maxBacklogLateInStep, committed - applied);
      },
      () => {},
    );
  }, 1_000);
  const startedAt = performance.now();
  const startedAtIso = new Date().toISOString();
  try {
    const result = await runOpenLoop({
      ratePerSecond,
      durationMs,
      maxInFlight: Math.max(64, ratePerSecond),
      operation: async (sequence) => {
        await sender.add(sequence);
        committed += 1;
      },
    });
    const bounded = result.failed === 0 && result.skipped === 0 && maxBacklogLateInStep <= ratePerSecond * 2;
    options.log(
      `pipeline at ${ratePerSecond}/s for ${durationMs / 1000} s: ${result.ok} ok, ${result.failed} failed, ` +
        `${result.skipped} not sent; backlog late in step ≤ ${maxBacklogLateInStep}: ${bounded ? 'kept up' : 'fell behind'}`,
    );
    return {
      ratePerSecond,
      durationMs,
      startedAt: startedAtIso,
      ok: result.ok,
      failed: result.failed,
      skipped: result.skipped,
      maxBacklogLateInStep,
      maxDebeziumBacklog,
      bounded,
      peakRssMiB: stopTrackingMemory(),
      keyPrefix: sender.keyPrefix,
    };
  } finally {
    clearInterval(sampling);
    sender.close();
  }
}

/**
 * Waits until the totals keeper has applied everything the calculator committed (the ledger stops short
 * of nothing).
 */
export async function waitForDrain(databases: ServiceDatabases, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await pipelineBacklog(databases)) <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the pipeline did not drain within ${timeoutMs / 1000} s`);
}

/**
 * End-to-end latency of one run's calculations from the databases' own clocks: the calculator's
 * transaction time (`calculations.created_at`) to the totals keeper's (`applied_events.applied_at`), one
 * Postgres server's clock for both.
 */
export async function endToEndLatency(
  databases: ServiceDatabases,
  keyPrefix: string,
  ratePerSecond: number,
): Promise<LatencyRun> {
  const created = await databases.calculator
    .selectFrom('calculations')
    .select(['id', sql<number>`extract(epoch from created_at) * 1000`.as('created_ms')])
    .where('idempotency_key', 'like', `${keyPrefix}%`)
    .execute();
  const applied = await databases.totals
    .selectFrom('applied_events')
    .select(['calculation_id', sql<number>`extract(epoch from applied_at) * 1000`.as('applied_ms')])
    .where('calculation_id', '=', sql<string>`any(${sql.val(created.map((row) => row.id))}::uuid[])`)
    .execute();
  const appliedAt = new Map(applied.map((row) => [row.calculation_id, Number(row.applied_ms)]));
  const sample = new LatencySample();
  for (const row of created) {
    const at = appliedAt.get(row.id);
    if (at !== undefined) sample.add(at - Number(row.created_ms));
  }
  if (sample.count < created.length)
    throw new Error(`${created.length - sample.count} of ${created.length} calculations were not applied`);
  return { ratePerSecond, events: sample.count, p50Ms: sample.percentile(50), p99Ms: sample.percentile(99) };
}
