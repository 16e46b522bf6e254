import path from 'node:path';
import { CONTAINER_COMMANDS } from '../../services/container/container-commands.ts';
import { CALCULATOR_ROLE } from '../stack/database-urls.ts';
import { telemetryEnv } from '../stack/service-components.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { createBenchDatabase, dropBenchDatabase } from './bench-database.ts';
import { startBenchServer } from './bench-process.ts';
import { measureAddCalls } from './grpc-add-load.ts';
import {
  cpuProfileFlags,
  monotonicMicroseconds,
  type ProfiledProcess,
  type ProfilePlan,
  summariseProfileFile,
} from './profiled-process.ts';

const CALCULATOR_DATABASE = 'calculator_profile_bench';

/** The calculator under closed-loop Add calls, profiled after a warm-up. */
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
    let load: Awaited<ReturnType<typeof measureAddCalls>>;
    let window: { fromUs: number; toUs: number };
    try {
      const calls = { target: server.target, inFlight: plan.inFlight, warmupMs: 0 };
      log(`profile: calculator warming up for ${plan.warmupMs / 1000} s`);
      await measureAddCalls({ ...calls, durationMs: plan.warmupMs });
      log(`profile: calculator under ${plan.inFlight} callers for ${plan.durationMs / 1000} s`);
      const fromUs = monotonicMicroseconds();
      load = await measureAddCalls({ ...calls, durationMs: plan.durationMs });
      window = { fromUs, toUs: monotonicMicroseconds() };
    } finally {
      await server.stop();
    }
    const file = path.join(directory, 'calculator.cpuprofile');
    log(`profile: calculator ${Math.round(load.perSecond)} Add/s, ${load.failed} failed; profile in ${file}`);
    if (load.failed > 0)
      throw new Error(`${load.failed} Add calls failed (${load.firstError}); see ${server.log}`);
    return {
      name: 'calculator',
      load: `${plan.inFlight} callers in flight sending Add for ${plan.durationMs / 1000} s, on a database of its own`,
      perSecond: load.perSecond,
      unit: 'Add calls',
      summary: summariseProfileFile(file, window),
    };
  } finally {
    await dropBenchDatabase(settings, secrets, CALCULATOR_DATABASE);
  }
}
