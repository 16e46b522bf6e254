import { FAULT_LINKS, type FaultLink } from '../stack/fault-proxies.ts';
import { type FailoverRunPlan, planFailovers } from './failover-plan.ts';
import {
  CHAOS_PARTS,
  type ChaosPart,
  type Fault,
  FULL_NETWORK_RANGES,
  NETWORK_FAULT_KINDS,
  type NetworkFaultKind,
  planFaults,
  QUICK_NETWORK_RANGES,
} from './fault-plan.ts';
import { QUICK_ZOMBIE_STOP_MS, ZOMBIE_STOP_MS } from './scale-plan.ts';

/** The flags of `npm run chaos`, as node:util's parseArgs gives them. */
export interface ChaosFlags {
  seed?: string;
  quick: boolean;
  rate: string;
  parts: string;
  links: string;
  kinds: string;
  'idle-minutes'?: string;
  'wal-rate': string;
  scale?: boolean;
  failover?: boolean;
  failovers?: string;
  async?: boolean;
  'no-failover-slot'?: boolean;
}

export type ChaosRun =
  | { kind: 'faults'; seed: number; ratePerSecond: number; faults: Fault[] }
  /** Steps planned once the stack's number of keepers is known (planScaleSteps). */
  | {
      kind: 'scale';
      seed: number;
      ratePerSecond: number;
      rounds: number;
      quietMs: [number, number];
      zombieStopMs: [number, number];
    }
  | ({ kind: 'failover' } & FailoverRunPlan)
  | {
      kind: 'idle-wal';
      idleMinutes: number;
      measure: { durationMs: number; writeMiBPerSecond: number; sampleEveryMs: number };
    };

/**
 * What one chaos run does, from its flags: the faults under steady load (three kills of each part, a
 * SIGTERM of each service and each network fault kind on each link; with --quick one kill each, shorter
 * quiet spells and holds), or with
 * --idle-minutes the idle-WAL measurement, or with --scale the scale-out steps; or why the flags are wrong, naming the flag and its value.
 */
export function chaosRunFromFlags(
  flags: ChaosFlags,
  randomSeed: () => number,
): { run: ChaosRun } | { error: string } {
  // `none` (or nothing) leaves a whole kind of fault out: `--links none` runs process faults only.
  const list = (value: string) =>
    value.trim() === 'none'
      ? []
      : value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
  const parts = list(flags.parts);
  const links = list(flags.links);
  const kinds = list(flags.kinds);
  const unknownParts = parts.filter((part) => !CHAOS_PARTS.includes(part as ChaosPart));
  const unknownLinks = links.filter((link) => !FAULT_LINKS.includes(link as FaultLink));
  const unknownKinds = kinds.filter((kind) => !NETWORK_FAULT_KINDS.includes(kind as NetworkFaultKind));
  const seed = flags.seed === undefined ? randomSeed() : Number(flags.seed);
  const ratePerSecond = Number(flags.rate);
  const idleMinutes = flags['idle-minutes'] === undefined ? undefined : Number(flags['idle-minutes']);
  const walRate = Number(flags['wal-rate']);
  const wrong = (flag: keyof ChaosFlags, expected: string) =>
    `--${flag} must be ${expected}, not ${JSON.stringify(flags[flag])}`;
  if (unknownParts.length > 0)
    return {
      error: `unknown part(s) ${unknownParts.join(', ')}; choose from ${CHAOS_PARTS.join(', ')} or none`,
    };
  if (unknownLinks.length > 0)
    return {
      error: `unknown link(s) ${unknownLinks.join(', ')}; choose from ${FAULT_LINKS.join(', ')} or none`,
    };
  if (unknownKinds.length > 0)
    return {
      error: `unknown network fault kind(s) ${unknownKinds.join(', ')}; choose from ${NETWORK_FAULT_KINDS.join(', ')}`,
    };
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
  const demonstration = flags.async || flags['no-failover-slot'];
  if (demonstration && !flags.failover) return { error: '--async and --no-failover-slot go with --failover' };
  if (flags.failover) {
    const count = flags.failovers === undefined ? (flags.quick ? 1 : 3) : Number(flags.failovers);
    if (!Number.isSafeInteger(count) || count < 1 || count > 50)
      return { error: wrong('failovers', 'a whole number from 1 to 50') };
    return {
      run: {
        kind: 'failover',
        seed,
        ratePerSecond,
        replication: flags.async ? 'asynchronous' : 'synchronous',
        failoverSlot: !flags['no-failover-slot'],
        steps: planFailovers({
          seed,
          count,
          quietMs: flags.quick ? [3_000, 6_000] : [10_000, 30_000],
          standbyCutMs: [1_000, 3_000],
        }),
      },
    };
  }
  if (flags.scale)
    return {
      run: {
        kind: 'scale',
        seed,
        ratePerSecond,
        rounds: flags.quick ? 1 : 3,
        quietMs: flags.quick ? [1_000, 3_000] : [3_000, 10_000],
        zombieStopMs: flags.quick ? QUICK_ZOMBIE_STOP_MS : ZOMBIE_STOP_MS,
      },
    };
  if (parts.length === 0 && (links.length === 0 || kinds.length === 0))
    return { error: 'no faults to run: --parts, --links and --kinds leave nothing' };
  const faults = planFaults({
    seed,
    parts: parts as ChaosPart[],
    killsPerPart: flags.quick ? 1 : 3,
    terminateServices: true,
    links: links as FaultLink[],
    networkKinds: kinds as NetworkFaultKind[],
    networkRanges: flags.quick ? QUICK_NETWORK_RANGES : FULL_NETWORK_RANGES,
    quietMs: flags.quick ? [1_000, 3_000] : [3_000, 10_000],
  });
  return { run: { kind: 'faults', seed, ratePerSecond, faults } };
}
