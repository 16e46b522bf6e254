import { seededRandom } from '../load/seeded-random.ts';
import type { FaultLink } from '../stack/fault-proxies.ts';

export const CHAOS_PARTS = ['calculator', 'totals', 'connect', 'kafka', 'postgres'] as const;
export type ChaosPart = (typeof CHAOS_PARTS)[number];

/**
 * What a network fault does to its link, through Toxiproxy:
 * - partition: the proxy is disabled: open connections are closed and new ones refused;
 * - half-open: nothing gets through either way, but every connection stays open and new ones are
 *   accepted, so only the client's own timeouts can tell;
 * - latency: each chunk the server sends arrives late, by the latency give or take the jitter;
 * - bandwidth: both directions throttled to a few KB/s;
 * - reset-peer: every connection that carries data is reset (TCP RST), new ones included;
 * - slow-close: every connection on the link is closed, and each close reaches the other side only after
 *   a delay; closes made while it holds are delayed too.
 */
export const NETWORK_FAULT_KINDS = [
  'partition',
  'half-open',
  'latency',
  'bandwidth',
  'reset-peer',
  'slow-close',
] as const;
export type NetworkFaultKind = (typeof NETWORK_FAULT_KINDS)[number];

export interface ProcessFault {
  type: 'process';
  part: ChaosPart;
  signal: 'SIGKILL' | 'SIGTERM';
  /** How long the load runs undisturbed before this fault. */
  quietBeforeMs: number;
}

export interface NetworkFault {
  type: 'network';
  kind: NetworkFaultKind;
  link: FaultLink;
  /** How long the fault stays on the link before it is removed. */
  holdMs: number;
  /** latency: added delay and jitter; bandwidth: KB/s; slow-close: the close delay. */
  latencyMs?: number;
  jitterMs?: number;
  rateKBps?: number;
  delayMs?: number;
  quietBeforeMs: number;
}

export type Fault = ProcessFault | NetworkFault;

/** "SIGKILL postgres", "half-open connect-postgres": how reports and logs name a fault. */
export const faultName = (fault: PlannedFault) =>
  fault.type === 'process' ? `${fault.signal} ${fault.part}` : `${fault.kind} ${fault.link}`;

type PlannedFault = Omit<ProcessFault, 'quietBeforeMs'> | Omit<NetworkFault, 'quietBeforeMs'>;

/** The ranges a network fault's hold and figures are drawn from; a quick run holds each more briefly. */
export interface NetworkFaultRanges {
  partitionMs: [number, number];
  /** Longer than every client's detection bound, so a half-open link must be noticed while it holds. */
  halfOpenMs: [number, number];
  /** latency, bandwidth and slow-close. */
  degradedMs: [number, number];
  resetMs: [number, number];
}

export const FULL_NETWORK_RANGES: NetworkFaultRanges = {
  partitionMs: [5_000, 30_000],
  halfOpenMs: [40_000, 50_000],
  degradedMs: [20_000, 20_000],
  resetMs: [5_000, 15_000],
};
export const QUICK_NETWORK_RANGES: NetworkFaultRanges = {
  partitionMs: [5_000, 8_000],
  halfOpenMs: [25_000, 25_000],
  degradedMs: [8_000, 8_000],
  resetMs: [3_000, 5_000],
};

function networkFault(
  kind: NetworkFaultKind,
  link: FaultLink,
  ranges: NetworkFaultRanges,
  between: (range: [number, number]) => number,
): Omit<NetworkFault, 'quietBeforeMs'> {
  const base = { type: 'network' as const, kind, link };
  switch (kind) {
    case 'partition':
      return { ...base, holdMs: between(ranges.partitionMs) };
    case 'half-open':
      return { ...base, holdMs: between(ranges.halfOpenMs) };
    case 'latency': {
      const latencyMs = between([200, 1_000]);
      return { ...base, holdMs: between(ranges.degradedMs), latencyMs, jitterMs: Math.round(latencyMs / 4) };
    }
    case 'bandwidth':
      return { ...base, holdMs: between(ranges.degradedMs), rateKBps: between([16, 128]) };
    case 'reset-peer':
      return { ...base, holdMs: between(ranges.resetMs) };
    case 'slow-close':
      return { ...base, holdMs: between(ranges.degradedMs), delayMs: between([2_000, 10_000]) };
  }
}

/**
 * Each part killed `killsPerPart` times, each service stopped once with SIGTERM, and each network fault
 * kind put once on each link, in a shuffled order with random quiet spells between faults and random
 * holds and figures within the ranges; all decided by the seed, so a run can be repeated.
 */
export function planFaults(options: {
  seed: number;
  parts: readonly ChaosPart[];
  killsPerPart: number;
  terminateServices: boolean;
  links: readonly FaultLink[];
  networkKinds: readonly NetworkFaultKind[];
  networkRanges: NetworkFaultRanges;
  quietMs: [number, number];
}): Fault[] {
  const random = seededRandom(options.seed);
  const between = ([low, high]: [number, number]) => Math.round(low + random() * (high - low));
  const faults: PlannedFault[] = [];
  for (const part of options.parts)
    for (let kill = 0; kill < options.killsPerPart; kill++)
      faults.push({ type: 'process', part, signal: 'SIGKILL' });
  if (options.terminateServices)
    for (const part of options.parts.filter((name) => name === 'calculator' || name === 'totals'))
      faults.push({ type: 'process', part, signal: 'SIGTERM' });
  for (const link of options.links)
    for (const kind of options.networkKinds)
      faults.push(networkFault(kind, link, options.networkRanges, between));
  // Fisher-Yates with the seeded generator.
  for (let index = faults.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [faults[index], faults[other]] = [faults[other] as PlannedFault, faults[index] as PlannedFault];
  }
  return faults.map((fault) => ({ ...fault, quietBeforeMs: between(options.quietMs) }) as Fault);
}
