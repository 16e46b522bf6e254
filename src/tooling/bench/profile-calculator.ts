import path from 'node:path';
import { CONTAINER_COMMANDS } from '../../services/container/container-commands.ts';
import { CALCULATOR_ROLE } from '../stack/database-urls.ts';
import { telemetryEnv } from '../stack/service-components.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { createBenchDatabase, dropBenchDatabase } from './bench-database.ts';
import { startBenchServer } from './bench-process.ts';
import { GrpcAddSender } from './grpc-add-sender.ts';
import { type OpenLoopResult, runOpenLoop } from './open-loop.ts';
import {
  cpuProfileFlags,
  monotonicMicroseconds,
  type ProfiledProcess,
  type ProfilePlan,
  summariseProfileFile,
} from './profiled-process.ts';

const CALCULATOR_DATABASE = 'calculator_profile_bench';

/** The calculator under Add calls at a fixed rate (an open loop), profiled after a warm-up. */
export async function profileCalculator(
  settings: StackSettings,
  secrets: StackSecrets,
  plan: ProfilePlan,
  directory: string,
  log: (line: string) => void,
): Promise<ProfiledProcess> {
  const url = await createBenchDatabase(settings, secrets, CALCULATOR_DATABASE, {
    role: CALCULATOR_ROLE,
    password: secrets.calculatorPassword,
  });
  try {
    const server = await startBenchServer({
      settings,
      name: 'calculator-profile',
      entry: CONTAINER_COMMANDS.calculator.module,
      portVariable: 'CALCULATOR_GRPC_PORT',
      env: {
        CALCULATOR_DATABASE_URL: url,
        // The scratch database belongs to the service's role, which migrates it (the stack's never do).
        CALCULATOR_MIGRATE_ON_START: 'true',
        ...telemetryEnv(settings, 'calculator-profile'),
      },
      logDir: path.join(settings.dataDir, 'bench', 'logs'),
      nodeFlags: cpuProfileFlags(directory, 'calculator'),
    });
    let load: OpenLoopResult;
    let window: { fromUs: number; toUs: number };
    // A sender a run: each numbers its calls from 0, and a repeated idempotency key would only replay.
    const atRate = async (durationMs: number) => {
      const sender = new GrpcAddSender(server.target);
      try {
        return await runOpenLoop({
          ratePerSecond: plan.ratePerSecond,
          durationMs,
          maxInFlight: Math.max(64, plan.ratePerSecond),
          operation: (sequence) => sender.add(sequence),
        });
      } finally {
        sender.close();
      }
    };
    try {
      log(`profile: calculator warming up at ${plan.ratePerSecond}/s for ${plan.warmupMs / 1000} s`);
      await atRate(plan.warmupMs);
      log(`profile: calculator at ${plan.ratePerSecond} Add/s for ${plan.durationMs / 1000} s`);
      const fromUs = monotonicMicroseconds();
      load = await atRate(plan.durationMs);
      window = { fromUs, toUs: monotonicMicroseconds() };
    } finally {
      await server.stop();
    }
    const file = path.join(directory, 'calculator.cpuprofile');
    const perSecond = load.ok / (plan.durationMs / 1000);
    log(
      `profile: calculator ${Math.round(perSecond)} Add/s, ${load.failed} failed, ${load.skipped} not sent; profile in ${file}`,
    );
    if (load.failed > 0) throw new Error(`${load.failed} Add calls failed; see ${server.log}`);
    return {
      name: 'calculator',
      load: `Add calls at ${plan.ratePerSecond}/s (open loop) for ${plan.durationMs / 1000} s, on a database of its own${load.skipped > 0 ? `; ${load.skipped} not sent, the calculator was behind` : ''}`,
      perSecond,
      unit: 'Add calls',
      summary: summariseProfileFile(file, window),
    };
  } finally {
    await dropBenchDatabase(settings, secrets, CALCULATOR_DATABASE);
  }
}
