import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openServiceDatabases } from '../stack/local-databases.ts';
import { partPid } from '../stack/part-control.ts';
import { calculatorTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { loadAgent } from './attach-agent.ts';
import { type JvmSummary, summariseCollapsedStacks } from './collapsed-stacks-summary.ts';
import { fetchAsyncProfilerIfMissing } from './fetch-async-profiler.ts';
import { runRateStep, waitForDrain } from './pipeline-bench.ts';
import { PipelinePositionProbe } from './pipeline-position.ts';
import { processTreesCpuMs } from './process-tree-cpu.ts';
import type { ProfilePlan } from './profiled-process.ts';

export interface ProfiledJvm {
  name: string;
  load: string;
  /** Additions that reached Kafka a second during the profile. */
  perSecond: number;
  /** CPU time of the whole process over the profile, from /proc, per addition that reached Kafka. */
  cpuMsPerAddition: number;
  /** The same CPU time a second of the profile, in cores. */
  cores: number;
  /** The profile's collapsed stacks, relative to the data folder. */
  collapsedStacks: string;
  summary: JvmSummary;
}

const JVMS = [
  { part: 'connect', name: 'Kafka Connect with Debezium' },
  { part: 'kafka', name: 'Kafka broker' },
] as const;
// perf_events' CPU clock: the interval timer (event=itimer) saw a third of the CPU /proc counted here.
const PROFILER_OPTIONS = 'event=cpu,interval=1ms,threads,ann,collapsed';
// The load goes on while both agents are attached (a few seconds each) and until their profiles end.
const ATTACH_MARGIN_MS = 20_000;
const DRAIN_TIMEOUT_MS = 300_000;
const PROFILE_WRITE_TIMEOUT_MS = 30_000;

/**
 * The stack's Kafka Connect and broker under the pipeline's fixed rate: after a warm-up, async-profiler
 * samples both JVMs' CPU for the plan's duration (it stops itself, so both windows end on time) while
 * /proc counts each whole process's CPU over the same window.
 */
export async function profileJvms(
  settings: StackSettings,
  plan: ProfilePlan,
  directory: string,
  log: (line: string) => void,
): Promise<ProfiledJvm[]> {
  const agent = await fetchAsyncProfilerIfMissing(settings, log);
  const pids: Record<string, number> = {};
  for (const { part } of JVMS) pids[part] = await partPid(settings, part);
  const seconds = Math.max(1, Math.round(plan.durationMs / 1000));
  const fileOf = (part: string) => path.join(directory, `${part}.collapsed`);
  for (const { part } of JVMS) rmSync(fileOf(part), { force: true });
  const databases = openServiceDatabases();
  const probe = await PipelinePositionProbe.open(settings, databases);
  try {
    await waitForDrain(databases, DRAIN_TIMEOUT_MS);
    log(`profile: the stack's pipeline at ${plan.ratePerSecond}/s, warming up for ${plan.warmupMs / 1000} s`);
    const load = runRateStep({
      calculator: calculatorTarget(settings),
      probe,
      ratePerSecond: plan.ratePerSecond,
      durationMs: plan.warmupMs + seconds * 1000 + ATTACH_MARGIN_MS,
      log,
    });
    let loadEnded = false;
    // Handled here so that a load failing during the window waits for the window instead of crashing.
    void load.then(
      () => (loadEnded = true),
      () => (loadEnded = true),
    );
    const window = await profileWindow().catch(async (error: unknown) => {
      await load.catch(() => {});
      throw error;
    });
    if (loadEnded) throw new Error('the load ended before the JVM profiles did: attaching took too long');
    const step = await load;
    if (step.failed > 0) throw new Error(`${step.failed} Add calls failed during the JVM profiles`);
    return JVMS.map(({ part, name }) => {
      const cpuMs = (window.cpuAfter[part] ?? 0) - (window.cpuBefore[part] ?? 0);
      return {
        name,
        load: `the stack's pipeline under ${plan.ratePerSecond} additions/s (open loop) for ${seconds} s, after a ${plan.warmupMs / 1000} s warm-up`,
        perSecond: window.additions / window.seconds,
        cpuMsPerAddition: window.additions > 0 ? cpuMs / window.additions : 0,
        cores: cpuMs / 1000 / window.seconds,
        collapsedStacks: path.relative(settings.dataDir, fileOf(part)),
        summary: summariseCollapsedStacks(readFileSync(fileOf(part), 'utf8')),
      };
    });
  } finally {
    await probe.close();
    await databases.destroy();
  }

  async function profileWindow() {
    await sleep(plan.warmupMs);
    await Promise.all(
      JVMS.map(({ part }) =>
        loadAgent(
          pids[part] as number,
          agent,
          `start,${PROFILER_OPTIONS},file=${fileOf(part)},timeout=${seconds}`,
        ),
      ),
    );
    log(
      `profile: async-profiler sampling ${JVMS.map(({ part }) => `${part} (pid ${pids[part]})`).join(' and ')} for ${seconds} s`,
    );
    const cpuBefore = processTreesCpuMs(pids);
    const before = await probe.read();
    const startedAt = performance.now();
    await sleep(seconds * 1000);
    const cpuAfter = processTreesCpuMs(pids);
    const after = await probe.read();
    const elapsed = (performance.now() - startedAt) / 1000;
    await waitForFiles(JVMS.map(({ part }) => fileOf(part)));
    log(`profile: collapsed stacks in ${directory}`);
    return { cpuBefore, cpuAfter, additions: after.inKafka - before.inKafka, seconds: elapsed };
  }
}

/** async-profiler writes each profile when its timeout ends it, moments after the window. */
async function waitForFiles(files: string[]): Promise<void> {
  const deadline = Date.now() + PROFILE_WRITE_TIMEOUT_MS;
  while (!files.every((file) => existsSync(file))) {
    if (Date.now() > deadline)
      throw new Error(
        `async-profiler wrote no ${files.filter((file) => !existsSync(file)).join(', ')}; its errors are in the JVM's log`,
      );
    await sleep(200);
  }
}
