import { seededRandom } from '../load/seeded-random.ts';

/**
 * What a scale-out chaos run does to a stack of several calculators and totals keepers, under load:
 * - scale-in: every totals keeper but the first stops cleanly (SIGTERM), as `kubectl scale` down does;
 * - scale-out: they start again;
 * - kill-mid-batch: one keeper is SIGKILLed while its session runs a batch in Postgres;
 * - zombie: one keeper is SIGSTOPped while its session runs a batch, for longer than the session
 *   timeout, so the group gives its partitions away; SIGCONT then wakes it holding what it had fetched;
 * - same-key: pairs of additions with one idempotency key each, sent to two calculators at the same time.
 */
export type ScaleStep =
  | { kind: 'scale-in' | 'scale-out'; quietBeforeMs: number }
  | { kind: 'kill-mid-batch'; instance: number; quietBeforeMs: number }
  | { kind: 'zombie'; instance: number; stoppedMs: number; quietBeforeMs: number }
  | { kind: 'same-key'; pairs: number; quietBeforeMs: number };

export const scaleStepName = (step: ScaleStep) => {
  switch (step.kind) {
    case 'scale-in':
      return 'scale totals keepers in';
    case 'scale-out':
      return 'scale totals keepers out';
    case 'kill-mid-batch':
      return `SIGKILL totals keeper ${step.instance} mid-batch`;
    case 'zombie':
      return `SIGSTOP totals keeper ${step.instance} for ${Math.round(step.stoppedMs / 1000)} s, then SIGCONT`;
    case 'same-key':
      return `${step.pairs} idempotency keys sent to two calculators at once`;
  }
};

type WithoutQuiet<Step> = Step extends unknown ? Omit<Step, 'quietBeforeMs'> : never;
type Planned = WithoutQuiet<ScaleStep>;

/** Past the keepers' 10 s session timeout, so the group surely gave the zombie's partitions away. */
export const ZOMBIE_STOP_MS: [number, number] = [15_000, 25_000];
export const QUICK_ZOMBIE_STOP_MS: [number, number] = [12_000, 14_000];

/**
 * The steps in a seeded order: scale-in followed by scale-out (down to one keeper and back), each
 * keeper killed mid-batch and made a zombie `rounds` times (three, or one with --quick),
 * and a same-key burst each round; random quiet spells between them.
 */
export function planScaleSteps(options: {
  seed: number;
  totalsKeepers: number;
  rounds: number;
  quietMs: [number, number];
  zombieStopMs: [number, number];
}): ScaleStep[] {
  const random = seededRandom(options.seed);
  const between = ([low, high]: [number, number]) => Math.round(low + random() * (high - low));
  const pick = () => 1 + Math.floor(random() * options.totalsKeepers);
  const units: Planned[][] = [[{ kind: 'scale-in' }, { kind: 'scale-out' }]];
  for (let round = 0; round < options.rounds; round++) {
    units.push([{ kind: 'kill-mid-batch', instance: pick() }]);
    units.push([{ kind: 'zombie', instance: pick(), stoppedMs: between(options.zombieStopMs) }]);
    units.push([{ kind: 'same-key', pairs: 200 }]);
  }
  for (let index = units.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [units[index], units[other]] = [units[other] as Planned[], units[index] as Planned[]];
  }
  return units.flat().map((step) => ({ ...step, quietBeforeMs: between(options.quietMs) }) as ScaleStep);
}
