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
 * --idle-minutes the idle-WAL measurement; or why the flags are wrong, naming the flag and its value.
 */
export function chaosRunFromFlags(
  flags: ChaosFlags,
  randomSeed: () => number,
): { run: ChaosRun } | { error: string } {
  const parts = flags.parts.split(',').map((part) => part.trim());
  const unknownParts = parts.filter((part) => !CHAOS_PARTS.includes(part as ChaosPart));
  const seed = flags.seed === undefined ? randomSeed() : Number(flags.seed);
  const ratePerSecond = Number(flags.rate);
  const idleMinutes = flags['idle-minutes'] === undefined ? undefined : Number(flags['idle-minutes']);
  const walRate = Number(flags['wal-rate']);
  const wrong = (flag: keyof ChaosFlags, expected: string) =>
    `--${flag} must be ${expected}, not ${JSON.stringify(flags[flag])}`;
  if (unknownParts.length > 0)
    return { error: `unknown part(s) ${unknownParts.join(', ')}; choose from ${CHAOS_PARTS.join(', ')}` };
  if (!Number.isSafeInteger(seed)) return { error: wrong('seed', 'a whole number') };
  if (!(ratePerSecond > 0)) return { error: wrong('rate', 'a positive number of additions/s') };
  if (idleMinutes !== undefined && !(idleMinutes > 0))
    return { error: wrong('idle-minutes', 'a positive number of minutes') };
  if (!(walRate > 0)) return { error: wrong('wal-rate', 'a positive number of MiB/s') };
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
