import { openServiceDatabases } from '../stack/local-databases.ts';
import { stackDown } from '../stack/stack-down.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { stackUp } from '../stack/stack-up.ts';
import type { BenchPlan } from './bench-plan.ts';
import { pipelineStartRate } from './bench-plan.ts';
import type { BenchResults, SectionRun } from './bench-results.ts';
import { restoreTunedConnectorIfChanged } from './connector-variants.ts';
import { benchConsumer } from './consumer-bench.ts';
import { benchCost } from './cost-section.ts';
import { benchFrontDoor } from './front-door-bench.ts';
import { PipelinePositionProbe } from './pipeline-position.ts';
import { benchPipeline } from './pipeline-section.ts';
import {
  asSecurityCost,
  benchTwinCost,
  FAULT_PROXY_TWINS,
  SCALE_CALCULATORS_TWINS,
  SCALE_TOTALS_TWINS,
  SECURITY_TWINS,
  twinStartRate,
} from './twin-cost.ts';

/**
 * Runs the plan's sections against the running stack, writing each section into `results` as soon as
 * it is measured (so a later failure keeps what was measured), stamped with this run's date.
 */
export async function runBench(
  settings: StackSettings,
  secrets: StackSecrets,
  plan: BenchPlan,
  run: SectionRun,
  results: BenchResults,
  log: (line: string) => void,
): Promise<void> {
  await restoreTunedConnectorIfChanged(settings.connectUrl, log);
  if (plan.sections.includes('front-door')) {
    log('== front door: durable Add against the raw driver and a server without database');
    results.frontDoor = {
      ...(await section('front door', benchFrontDoor(settings, secrets, plan.frontDoor, log))),
      ...run,
    };
  }
  const databases = openServiceDatabases();
  const probe = await PipelinePositionProbe.open(settings, databases);
  try {
    if (plan.sections.includes('pipeline')) {
      // Only a front door measured in this very run may set the start (results may hold an older one).
      const frontDoorNow = plan.sections.includes('front-door')
        ? results.frontDoor?.variants['calculator (telemetry on)']?.perSecond
        : undefined;
      const pipelinePlan = { ...plan.pipeline, startRate: pipelineStartRate(plan.pipeline, frontDoorNow) };
      log('== pipeline: highest input rate with bounded lag, then end-to-end latency per connector setting');
      const measured = await section(
        'pipeline',
        benchPipeline(settings, pipelinePlan, probe, databases, log),
      );
      results.pipeline = { ...measured, ...run };
    }
    if (plan.sections.includes('cost')) {
      log('== cost: CPU-milliseconds per addition, part by part, at fixed rates');
      const measured = await section('cost', benchCost(settings, plan.cost, probe, databases, log));
      results.cost = { ...measured, ...run };
    }
    if (plan.sections.includes('consumer')) {
      log(
        "== consumer: the totals keeper's catch-up against the bare pg driver (and a bare kafkajs consumer)",
      );
      const measured = await section(
        'consumer',
        benchConsumer(settings, secrets, probe, plan.consumerEvents, log),
      );
      results.consumer = { ...measured, ...run };
    }
  } finally {
    await probe.close();
    await databases.destroy();
  }
  const twinRate = () =>
    twinStartRate(
      plan,
      plan.sections.includes('pipeline') ? results.pipeline?.sustainedPerSecond : undefined,
    );
  if (plan.sections.includes('security')) {
    log('== security: durable Add and the pipeline, secured against a plaintext twin of the stack');
    const measured = await section(
      'security',
      benchTwinCost(settings, SECURITY_TWINS, plan.security, twinRate(), log),
    );
    results.security = { ...asSecurityCost(measured), ...run };
  }
  if (plan.sections.includes('fault-proxies')) {
    log(
      "== fault proxies: durable Add and the pipeline, through the chaos runs' Toxiproxy against a direct twin",
    );
    const measured = await section(
      'fault proxies',
      benchTwinCost(settings, FAULT_PROXY_TWINS, plan.security, twinRate(), log),
    );
    results.faultProxies = { ...measured, ...run };
  }
  if (plan.sections.includes('scale-totals')) {
    log('== scale, totals keepers: durable Add and the pipeline, 3 totals keepers against a twin with 1');
    const measured = await section(
      'scale, totals keepers',
      benchTwinCost(settings, SCALE_TOTALS_TWINS, plan.security, twinRate(), log),
    );
    results.scaleTotals = { ...measured, ...run };
  }
  if (plan.sections.includes('scale-calculators')) {
    log('== scale, calculators: durable Add and the pipeline, 2 calculators against a twin with 1');
    const measured = await section(
      'scale, calculators',
      benchTwinCost(settings, SCALE_CALCULATORS_TWINS, plan.security, twinRate(), log),
    );
    results.scaleCalculators = { ...measured, ...run };
  }
  if (plan.sections.includes('cold-start')) {
    log('== cold start: the whole stack down, then up until every part is healthy');
    await section(
      'cold start (stack down)',
      stackDown(settings, () => {}),
    );
    const startedAt = performance.now();
    await section(
      'cold start (stack up)',
      stackUp(settings, () => {}),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    log(`cold start: ${seconds.toFixed(1)} s`);
    results.coldStart = { seconds, ...run };
  }
}

/** A section's failure, named. */
async function section<T>(name: string, measuring: Promise<T>): Promise<T> {
  try {
    return await measuring;
  } catch (error) {
    throw new Error(`the ${name} section failed: ${(error as Error).message}`, { cause: error });
  }
}
