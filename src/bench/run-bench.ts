import path from 'node:path';
import { applyConnectorConfig, readConnectorConfig } from '../stack/apply-connectors.ts';
import { openServiceDatabases } from '../stack/local-databases.ts';
import { partPid } from '../stack/part-control.ts';
import { stackDown } from '../stack/stack-down.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import { PROJECT_ROOT, type StackSettings } from '../stack/stack-settings.ts';
import { stackUp } from '../stack/stack-up.ts';
import type { BenchResults, PipelineResult } from './bench-report.ts';
import { benchConsumer } from './consumer-bench.ts';
import { benchFrontDoor } from './front-door-bench.ts';
import { endToEndLatency, type RateStep, runRateStep, waitForDrain } from './pipeline-bench.ts';
import { PipelinePositionProbe } from './pipeline-position.ts';

export type BenchSection = 'front-door' | 'pipeline' | 'consumer' | 'cold-start';
export const BENCH_SECTIONS: BenchSection[] = ['front-door', 'pipeline', 'consumer', 'cold-start'];

export interface BenchPlan {
  sections: BenchSection[];
  frontDoor: { inFlight: number; rounds: number; warmupMs: number; durationMs: number };
  pipeline: { startRate: number; stepFactor: number; maxSteps: number; stepMs: number; latencyMs: number };
  consumerEvents: number;
}

export const FULL_PLAN: BenchPlan = {
  sections: BENCH_SECTIONS,
  frontDoor: { inFlight: 64, rounds: 3, warmupMs: 2_000, durationMs: 8_000 },
  pipeline: { startRate: 1_000, stepFactor: 1.25, maxSteps: 10, stepMs: 60_000, latencyMs: 60_000 },
  consumerEvents: 30_000,
};

/** Seconds, not minutes: it proves the harness still works, and its figures mean nothing. */
export const QUICK_PLAN: BenchPlan = {
  sections: ['front-door', 'pipeline', 'consumer'],
  frontDoor: { inFlight: 8, rounds: 1, warmupMs: 200, durationMs: 1_000 },
  pipeline: { startRate: 20, stepFactor: 1.25, maxSteps: 1, stepMs: 3_000, latencyMs: 2_000 },
  consumerEvents: 200,
};

// What the tuned connector sets beyond Debezium's defaults (poll every 500 ms, batches of 2,048).
const CONNECTOR = 'calculator-outbox';
const TUNED_SETTINGS = ['poll.interval.ms', 'max.batch.size', 'max.queue.size'];

export async function runBench(
  settings: StackSettings,
  secrets: StackSecrets,
  plan: BenchPlan,
  results: BenchResults,
  log: (line: string) => void,
): Promise<BenchResults> {
  if (plan.sections.includes('front-door')) {
    log('== front door: durable Add against the raw driver and a server without database');
    results.frontDoor = await benchFrontDoor(settings, secrets, plan.frontDoor, log);
  }
  const databases = openServiceDatabases();
  const probe = await PipelinePositionProbe.open(settings.kafkaBootstrap, databases);
  try {
    if (plan.sections.includes('pipeline')) {
      log('== pipeline: highest input rate with bounded lag, then end-to-end latency at half of it');
      results.pipeline = await benchPipeline(settings, plan, probe, databases, log);
      // Memory under load: at the highest rate the pipeline sustained, not past the breaking point.
      const sustained = results.pipeline.steps.filter((step) => step.bounded).at(-1);
      results.footprint = { ...results.footprint, peakRssMiB: sustained?.peakRssMiB ?? {} };
    }
    if (plan.sections.includes('consumer')) {
      log("== consumer: the totals keeper's catch-up against a bare kafkajs consumer");
      results.consumer = await benchConsumer(settings, probe, plan.consumerEvents, log);
    }
  } finally {
    await probe.close();
    await databases.destroy();
  }
  if (plan.sections.includes('cold-start')) {
    log('== cold start: the whole stack down, then up until every part is healthy');
    await stackDown(settings, () => {});
    const startedAt = performance.now();
    await stackUp(settings, () => {});
    const coldStartSeconds = (performance.now() - startedAt) / 1000;
    log(`cold start: ${coldStartSeconds.toFixed(1)} s`);
    results.footprint = { peakRssMiB: results.footprint?.peakRssMiB ?? {}, coldStartSeconds };
  }
  return results;
}

async function benchPipeline(
  settings: StackSettings,
  plan: BenchPlan,
  probe: PipelinePositionProbe,
  databases: ReturnType<typeof openServiceDatabases>,
  log: (line: string) => void,
): Promise<PipelineResult> {
  const { startRate, stepFactor, maxSteps, stepMs, latencyMs } = plan.pipeline;
  const steps: RateStep[] = [];
  let sustained = 0;
  let rate = startRate;
  for (let step = 0; step < maxSteps; step++) {
    await waitForDrain(databases, 300_000);
    const result = await runRateStep({
      calculatorAddress: settings.calculatorAddress,
      probe,
      ratePerSecond: rate,
      durationMs: stepMs,
      servicePids: await servicePids(settings),
      log,
    });
    steps.push(result);
    if (!result.bounded) break;
    sustained = rate;
    rate = Math.round(rate * stepFactor);
  }
  if (sustained === 0) sustained = startRate;
  const halfRate = Math.max(1, Math.round(sustained / 2));

  const measureLatency = async (label: string) => {
    await waitForDrain(databases, 300_000);
    const step = await runRateStep({
      calculatorAddress: settings.calculatorAddress,
      probe,
      ratePerSecond: halfRate,
      durationMs: latencyMs,
      log,
    });
    await waitForDrain(databases, 300_000);
    const latency = await endToEndLatency(databases, step.keyPrefix, halfRate);
    log(
      `end to end at ${halfRate}/s (${label}): p50 ${latency.p50Ms.toFixed(1)} ms, p99 ${latency.p99Ms.toFixed(1)} ms`,
    );
    return latency;
  };
  const tuned = await measureLatency('tuned connector');

  const folder = path.join(PROJECT_ROOT, 'connectors');
  const tunedConfig = await readConnectorConfig(folder, CONNECTOR);
  const defaults = Object.fromEntries(
    Object.entries(tunedConfig).filter(([key]) => !TUNED_SETTINGS.includes(key)),
  );
  await applyConnectorConfig(settings.connectUrl, CONNECTOR, defaults, log);
  try {
    const debeziumDefaults = await measureLatency("Debezium's default poll interval and batch sizes");
    return { steps, sustainedPerSecond: sustained, tuned, debeziumDefaults };
  } finally {
    await applyConnectorConfig(settings.connectUrl, CONNECTOR, tunedConfig, log);
  }
}

async function servicePids(settings: StackSettings): Promise<Record<string, number>> {
  return { calculator: await partPid(settings, 'calculator'), totals: await partPid(settings, 'totals') };
}
