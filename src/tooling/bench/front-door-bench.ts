import path from 'node:path';
import { CONTAINER_COMMANDS } from '../../services/container/container-commands.ts';
import { CALCULATOR_ROLE } from '../stack/database-urls.ts';
import { telemetryEnv } from '../stack/service-components.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { createBenchDatabase, dropBenchDatabase, emptyBenchTables } from './bench-database.ts';
import { type BenchProcess, startBenchServer } from './bench-process.ts';
import type { ClosedLoopResult } from './closed-loop.ts';
import { measureAddCalls } from './grpc-add-load.ts';
import { measureRawDriverAdds } from './raw-driver-adds.ts';

export interface FrontDoorOptions {
  inFlight: number;
  rounds: number;
  warmupMs: number;
  durationMs: number;
}

export type FrontDoorVariant =
  | 'calculator (telemetry on)'
  | 'calculator (telemetry off)'
  | 'gRPC server, no database'
  | 'raw pg driver, same transactions';

export interface FrontDoorResult {
  inFlight: number;
  variants: Record<FrontDoorVariant, ClosedLoopResult>;
  /** Durable Add with telemetry over the raw driver's rate: the target is at least 1.0. */
  rateVersusRawDriver: number;
  /** Durable Add's p99 over the no-database server's: the target is at most 2. */
  p99VersusNoDatabase: number;
  /** Share of throughput telemetry costs the durable Add. */
  telemetryCost: number;
}

const FRONT_DOOR_DATABASE = 'calculator_front_door_bench';
// The calculator's batching, so the raw driver does the same transactions.
const MAX_BATCH_SIZE = 256;
const MAX_CONCURRENT_TRANSACTIONS = 2;

/**
 * Durable Add against its two ceilings, in rounds that take turns, so drift on a shared machine hits
 * every variant alike; each variant's figure is its best round.
 */
export async function benchFrontDoor(
  settings: StackSettings,
  secrets: StackSecrets,
  options: FrontDoorOptions,
  log: (line: string) => void,
): Promise<FrontDoorResult> {
  const url = await createBenchDatabase(settings, secrets, FRONT_DOOR_DATABASE, {
    role: CALCULATOR_ROLE,
    password: secrets.calculatorPassword,
  });
  const logDir = path.join(settings.dataDir, 'bench', 'logs');
  // Telemetry as the stack's calculator has it (its sampler too), or none at all.
  const calculatorEnv = (telemetry: boolean) => ({
    CALCULATOR_DATABASE_URL: url,
    // The scratch database belongs to the service's role, which migrates it (the stack's never do).
    CALCULATOR_MIGRATE_ON_START: 'true',
    CALCULATOR_MAX_BATCH_SIZE: String(MAX_BATCH_SIZE),
    CALCULATOR_MAX_CONCURRENT_TRANSACTIONS: String(MAX_CONCURRENT_TRANSACTIONS),
    ...telemetryEnv(settings, 'calculator-bench'),
    OTEL_SDK_DISABLED: String(!telemetry),
  });
  const servers: BenchProcess[] = [];
  const start = async (name: string, entry: string, env: Record<string, string>) => {
    const server = await startBenchServer({
      settings,
      name,
      entry,
      portVariable: 'CALCULATOR_GRPC_PORT',
      env,
      logDir,
    });
    servers.push(server);
    return server;
  };

  try {
    const withTelemetry = await start(
      'calculator-telemetry-on',
      CONTAINER_COMMANDS.calculator.module,
      calculatorEnv(true),
    );
    const withoutTelemetry = await start(
      'calculator-telemetry-off',
      CONTAINER_COMMANDS.calculator.module,
      calculatorEnv(false),
    );
    const noDatabase = await start(
      'calculator-no-database',
      'src/tooling/bench/no-database-calculator.ts',
      calculatorEnv(true),
    );
    const load = { inFlight: options.inFlight, warmupMs: options.warmupMs, durationMs: options.durationMs };
    const variants: [FrontDoorVariant, () => Promise<ClosedLoopResult>][] = [
      ['calculator (telemetry on)', () => measureAddCalls({ target: withTelemetry.target, ...load })],
      ['calculator (telemetry off)', () => measureAddCalls({ target: withoutTelemetry.target, ...load })],
      ['gRPC server, no database', () => measureAddCalls({ target: noDatabase.target, ...load })],
      [
        'raw pg driver, same transactions',
        () =>
          measureRawDriverAdds({
            url,
            ...load,
            maxBatchSize: MAX_BATCH_SIZE,
            maxConcurrentTransactions: MAX_CONCURRENT_TRANSACTIONS,
          }),
      ],
    ];

    const best = new Map<FrontDoorVariant, ClosedLoopResult>();
    for (let round = 1; round <= options.rounds; round++) {
      for (const [variant, measure] of variants) {
        await emptyBenchTables(url);
        const result = await measure();
        log(
          `front door, round ${round}/${options.rounds}: ${variant}: ${Math.round(result.perSecond)}/s, ` +
            `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.failed} failed`,
        );
        if (result.failed > 0) log(`  first error: ${result.firstError}`);
        const previous = best.get(variant);
        if (!previous || result.perSecond > previous.perSecond) best.set(variant, result);
      }
    }
    const get = (variant: FrontDoorVariant) => best.get(variant) as ClosedLoopResult;
    const on = get('calculator (telemetry on)');
    return {
      inFlight: options.inFlight,
      variants: Object.fromEntries(best) as Record<FrontDoorVariant, ClosedLoopResult>,
      rateVersusRawDriver: on.perSecond / get('raw pg driver, same transactions').perSecond,
      p99VersusNoDatabase: on.p99Ms / get('gRPC server, no database').p99Ms,
      telemetryCost: 1 - on.perSecond / get('calculator (telemetry off)').perSecond,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await dropBenchDatabase(settings, secrets, FRONT_DOOR_DATABASE);
  }
}
