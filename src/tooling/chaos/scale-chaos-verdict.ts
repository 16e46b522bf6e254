import {
  answeredOkIsCommitted,
  type ChaosVerdict,
  check,
  counted,
  exactlyOnce,
  exactTotal,
  verdictOf,
} from './chaos-verdict.ts';
import type { ScaleChaosResult, ScaleStepResult } from './run-scale-chaos.ts';

const SAMPLE = 3;

function perStep(result: ScaleChaosResult, breach: (step: ScaleStepResult) => string | undefined): string[] {
  return result.steps.flatMap((step, index) => {
    const what = breach(step);
    return what ? [`step ${index + 1} (${step.name}) ${what}`] : [];
  });
}

/** The judgement of `npm run chaos -- --scale`: every chaos run's end checks, and those of scaling. */
export function judgeScaleChaos(result: ScaleChaosResult): ChaosVerdict {
  const { breaches } = result.appliedBatches;
  const overlaps = breaches.filter((breach) => breach.kind === 'overlap');
  const holes = breaches.filter((breach) => breach.kind === 'hole');
  const zombies = result.steps.filter((step) => step.kind === 'zombie');
  const races = result.steps.filter((step) => step.sameKey);
  return verdictOf(result, [
    answeredOkIsCommitted(result),
    exactlyOnce(result),
    exactTotal(result),
    check(
      'no batch applied twice',
      `no records of a partition were applied by two batches, whichever processes ran them (${result.appliedBatches.count} batches)`,
      [
        ...(result.appliedBatches.count === 0 ? ['no batch was recorded, so the run proves nothing'] : []),
        ...overlaps.slice(0, SAMPLE).map((breach) => `partition ${breach.partition}: ${breach.description}`),
        ...(overlaps.length > SAMPLE ? [`and ${overlaps.length - SAMPLE} more overlaps`] : []),
        ...holes.slice(0, SAMPLE).map((breach) => `partition ${breach.partition}: ${breach.description}`),
      ],
      `${counted(overlaps.length, 'overlap')}, ${counted(holes.length, 'hole')}`,
    ),
    check(
      'same key, same answer',
      'two calculators sent the same idempotency key at once answered with one calculation, stored once',
      [
        ...(races.length === 0 ? ['no same-key race ran'] : []),
        ...perStep(result, (step) => {
          const race = step.sameKey;
          if (!race) return undefined;
          const problems = [
            ...(race.differing.length > 0
              ? [`answered ${race.differing.length} pairs differently: ${race.differing[0]}`]
              : []),
            ...(race.failed.length > 0 ? [`had ${race.failed.length} pairs fail: ${race.failed[0]}`] : []),
            ...(race.storedUnderTheKeys !== race.pairs
              ? [`stored ${race.storedUnderTheKeys} calculations under ${race.pairs} keys`]
              : []),
          ];
          return problems.length > 0 ? problems.join('; ') : undefined;
        }),
      ],
    ),
    check(
      'zombie woke harmless',
      "every keeper stopped past its session timeout holding a batch had it applied after its partition moved, its successor's copy found it applied, and it rejoined once woken",
      [
        ...(zombies.length === 0 ? ['no zombie step ran'] : []),
        ...perStep(result, (step) => {
          if (step.kind !== 'zombie') return undefined;
          const zombie = step.zombie;
          if (!zombie?.heldABatch) return 'found no batch in flight to stop the keeper in';
          if (!zombie.successor) return "saw no other keeper given the zombie's partition";
          if (zombie.successorBatchesFenced === 0)
            return `saw ${zombie.successor} apply no copy of the zombie's batch, so the fence was not put to the test`;
          if (!zombie.rejoined) return 'did not rejoin the group after SIGCONT';
          return undefined;
        }),
      ],
    ),
    check(
      'killed mid-batch',
      'every keeper SIGKILLed had a batch in flight and came back',
      perStep(result, (step) =>
        step.kind === 'kill-mid-batch' && !step.midBatch
          ? 'found no batch in flight to kill the keeper in'
          : undefined,
      ),
    ),
    check(
      'step recovered',
      'every step ran as planned and its lag got back to zero within the bound',
      perStep(result, (step) =>
        step.problem
          ? `did not run as planned: ${step.problem}`
          : step.caughtUpAfterSeconds === undefined
            ? 'left a backlog that did not get back to zero: a hang'
            : undefined,
      ),
    ),
    check(
      'no other part restarted',
      'no step restarted a process it did not aim at',
      perStep(result, (step) =>
        step.collateralRestarts.length > 0
          ? `also restarted ${step.collateralRestarts.join(', ')}`
          : undefined,
      ),
    ),
  ]);
}
