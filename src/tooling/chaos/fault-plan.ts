import { seededRandom } from '../load/seeded-random.ts';

export const CHAOS_PARTS = ['calculator', 'totals', 'connect', 'kafka', 'postgres'] as const;
export type ChaosPart = (typeof CHAOS_PARTS)[number];

export interface Fault {
  part: ChaosPart;
  signal: 'SIGKILL' | 'SIGTERM';
  /** How long the load runs undisturbed before this fault. */
  quietBeforeMs: number;
}

/**
 * Each part killed `killsPerPart` times in a shuffled order, with random quiet spells between faults,
 * and each service stopped once with SIGTERM; all decided by the seed, so a run can be repeated.
 */
export function planFaults(options: {
  seed: number;
  parts: readonly ChaosPart[];
  killsPerPart: number;
  terminateServices: boolean;
  quietMs: [number, number];
}): Fault[] {
  const random = seededRandom(options.seed);
  const faults: Omit<Fault, 'quietBeforeMs'>[] = [];
  for (const part of options.parts)
    for (let kill = 0; kill < options.killsPerPart; kill++) faults.push({ part, signal: 'SIGKILL' });
  if (options.terminateServices)
    for (const part of options.parts.filter((name) => name === 'calculator' || name === 'totals'))
      faults.push({ part, signal: 'SIGTERM' });
  // Fisher-Yates with the seeded generator.
  for (let index = faults.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [faults[index], faults[other]] = [faults[other] as Fault, faults[index] as Fault];
  }
  const [shortest, longest] = options.quietMs;
  return faults.map((fault) => ({
    ...fault,
    quietBeforeMs: Math.round(shortest + random() * (longest - shortest)),
  }));
}
