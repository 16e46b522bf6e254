import type { ServiceDatabases } from '../stack/local-databases.ts';
import { partPid } from '../stack/part-control.ts';
import { calculatorTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import type { BenchPlan } from './bench-plan.ts';
import type { PipelineResult } from './bench-results.ts';
import { forEachConnectorVariant } from './connector-variants.ts';
import { pipelineCpuMs, startCpuReading } from './cost-section.ts';
import { endToEndLatency, type RateStep, runRateStep, waitForDrain } from './pipeline-bench.ts';
import type { PipelinePositionProbe } from './pipeline-position.ts';
import { searchSustainedRate } from './rate-search.ts';

const DRAIN_TIMEOUT_MS = 300_000;
/** The search stops once the rate that fell behind is within 10% above the one kept up with. */
export const RATE_RESOLUTION = 0.1;

/**
 * The highest steady input rate the pipeline keeps up with (searched up or down from the start rate, then
 * bisected); then end-to-end latency at one fixed rate with the tuned connector and with its tuned
 * settings put back to Debezium's defaults one at a time.
 */
export async function benchPipeline(
  settings: StackSettings,
  plan: BenchPlan['pipeline'],
  probe: PipelinePositionProbe,
  databases: ServiceDatabases,
  log: (line: string) => void,
): Promise<PipelineResult> {
  const { steps, sustained } = await searchSustainedRate(
    { ...plan, resolution: RATE_RESOLUTION },
    async (rate, step) => {
      log(`pipeline: step ${step} of at most ${plan.maxSteps}, ${rate}/s for ${plan.stepMs / 1000} s`);
      await waitForDrain(databases, DRAIN_TIMEOUT_MS);
      const { keyPrefix: _, ...result } = await runRateStep({
        calculator: calculatorTarget(settings),
        probe,
        ratePerSecond: rate,
        durationMs: plan.stepMs,
        // Looked up at each step: a service the supervisor restarted has a new pid.
        servicePids: {
          calculator: await partPid(settings, 'calculator'),
          totals: await partPid(settings, 'totals'),
        },
        log,
      });
      return result;
    },
  );

  const { ratePerSecond, rateBasis } = latencyRate(plan, sustained);
  log(`pipeline: end-to-end latency at ${ratePerSecond}/s (${rateBasis}) for each connector setting`);
  const variants = await forEachConnectorVariant(settings.connectUrl, log, async (variant) => {
    await waitForDrain(databases, DRAIN_TIMEOUT_MS);
    // The connector has just restarted with the setting: its first seconds are not what it settles to.
    await runRateStep({
      calculator: calculatorTarget(settings),
      probe,
      ratePerSecond,
      durationMs: plan.latencyWarmupMs,
      log,
    });
    const cpu = await startCpuReading(settings);
    const measured = await runRateStep({
      calculator: calculatorTarget(settings),
      probe,
      ratePerSecond,
      durationMs: plan.latencyMs,
      log,
    });
    await waitForDrain(databases, DRAIN_TIMEOUT_MS);
    const cpuPerAdditionMs = cpu.perAddition(measured.ok);
    const latency = await endToEndLatency(databases, measured.keyPrefix, ratePerSecond);
    log(
      `end to end at ${ratePerSecond}/s (${variant.name}): p50 ${latency.p50Ms.toFixed(1)} ms, p99 ${latency.p99Ms.toFixed(1)} ms; ` +
        `CPU per addition ${pipelineCpuMs(cpuPerAdditionMs).toFixed(2)} ms (connect ${cpuPerAdditionMs.connect?.toFixed(2)})`,
    );
    return { latency, cpuPerAdditionMs };
  });
  return {
    steps,
    sustainedPerSecond: sustained?.ratePerSecond ?? null,
    // Memory under load: at the highest rate the pipeline sustained, not past the breaking point.
    peakRssMiB: sustained?.peakRssMiB ?? null,
    endToEnd: {
      ratePerSecond,
      rateBasis,
      warmupMs: plan.latencyWarmupMs,
      durationMs: plan.latencyMs,
      variants: variants.map(({ variant, result }) => ({
        variant: variant.name,
        defaulted: variant.defaulted,
        ...(variant.changed ? { changed: variant.changed } : {}),
        ...result,
      })),
    },
  };
}

/** The one rate every connector setting is measured at, and why that one. */
export function latencyRate(
  plan: BenchPlan['pipeline'],
  sustained: RateStep | undefined,
): { ratePerSecond: number; rateBasis: string } {
  if (plan.latencyRate !== undefined)
    return { ratePerSecond: plan.latencyRate, rateBasis: 'set by --latency-rate' };
  if (sustained)
    return {
      ratePerSecond: Math.max(1, Math.round(sustained.ratePerSecond / 2)),
      rateBasis: 'half the sustained rate',
    };
  return {
    ratePerSecond: Math.max(1, Math.round(plan.startRate / 2)),
    rateBasis: "half the first step's rate, since no rate was sustained",
  };
}
