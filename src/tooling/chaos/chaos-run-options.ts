import { CHAOS_PARTS, type ChaosPart, type Fault, planFaults } from './fault-plan.ts';

/** The flags of `npm run chaos`, as node:util's parseArgs gives them. */
export interface ChaosFlags {
  seed?: string;
  quick: boolean;
  rate: string;
  parts: string;
  'idle-minutes'?: string;
  'wal-rate': string;
}

export type ChaosRun =
  | { kind: 'faults'; seed: number; ratePerSecond: number; faults: Fault[] }
  | {
      kind: 'idle-wal';
      idleMinutes: number;
      measure: { durationMs: number; writeMiBPerSecond: number; sampleEveryMs: number };
    };

/**
 * What one chaos run does, from its flags: the faults under steady load (three kills of each part and
 * a SIGTERM of each service; with --quick one kill each and shorter quiet spells), or with
 * --idle-minutes the idle-WAL measurement; or invalid, with any unknown parts named.
 */
export function chaosRunFromFlags(
  flags: ChaosFlags,
  randomSeed: () => number,
): { run: ChaosRun } | { invalid: true; unknownParts: string[] } {
  const parts = flags.parts.split(',').map((part) => part.trim());
  const unknownParts = parts.filter((part) => !CHAOS_PARTS.includes(part as ChaosPart));
  const seed = flags.seed === undefined ? randomSeed() : Number(flags.seed);
  const ratePerSecond = Number(flags.rate);
  const idleMinutes = flags['idle-minutes'] === undefined ? undefined : Number(flags['idle-minutes']);
  const walRate = Number(flags['wal-rate']);
  if (
    unknownParts.length > 0 ||
    !Number.isInteger(seed) ||
    !(ratePerSecond > 0) ||
    (idleMinutes !== undefined && !(idleMinutes > 0)) ||
    !(walRate > 0)
  ) {
    return { invalid: true, unknownParts };
  }
  if (idleMinutes !== undefined) {
    return {
      run: {
        kind: 'idle-wal',
        idleMinutes,
        measure: {
          durationMs: idleMinutes * 60_000,
          writeMiBPerSecond: walRate,
          sampleEveryMs: flags.quick ? 10_000 : 30_000,
        },
      },
    };
  }
  const faults = planFaults({
    seed,
    parts: parts as ChaosPart[],
    killsPerPart: flags.quick ? 1 : 3,
    terminateServices: true,
    quietMs: flags.quick ? [1_000, 3_000] : [3_000, 10_000],
  });
  return { run: { kind: 'faults', seed, ratePerSecond, faults } };
}
