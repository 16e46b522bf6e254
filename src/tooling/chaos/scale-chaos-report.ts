import { type ChaosVerdict, renderVerdict } from './chaos-verdict.ts';
import type { ScaleChaosResult, ScaleStepResult } from './run-scale-chaos.ts';

function notes(step: ScaleStepResult): string {
  const parts: string[] = [];
  if (step.problem) parts.push(`**${step.problem}**`);
  if (step.collateralRestarts.length > 0)
    parts.push(`**also restarted: ${step.collateralRestarts.join(', ')}**`);
  if (step.zombie) {
    const { partition, successor, successorBatchesFenced, rejoined } = step.zombie;
    parts.push(
      `partition ${partition} went to ${successor ?? '**no other keeper**'}, whose copy of the zombie's batch found it applied ${successorBatchesFenced} times; the zombie ${rejoined ? 'rejoined' : '**did not rejoin**'} once woken`,
    );
  }
  if (step.sameKey)
    parts.push(
      `${step.sameKey.answeredAlike} of ${step.sameKey.pairs} pairs answered alike, ${step.sameKey.storedUnderTheKeys} calculations stored`,
    );
  return parts.join('; ');
}

/** The step table, the batches each process applied and the verdict, as docs/scaling.md shows them. */
export function renderScaleChaosReport(
  result: ScaleChaosResult,
  verdict: ChaosVerdict,
  ranAt: string,
  machine: string,
): string {
  const rows = result.steps.map((step, index) => {
    const inFlight = step.midBatch === undefined ? '' : step.midBatch ? 'yes' : '**no**';
    return `| ${index + 1} | ${step.name} | ${step.atSeconds} | ${step.targets.join(', ')} | ${inFlight} | ${step.pause?.allPartitionsSeconds ?? ''} | ${step.pause?.onePartitionSeconds ?? ''} | ${step.caughtUpAfterSeconds ?? 'never'} | ${step.peakBacklog} | ${step.failedCalls} | ${notes(step)} |`;
  });
  const byProcess = Object.entries(result.appliedBatches.byProcess)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([process, count]) => `${process}: ${count}`);
  return [
    `Scale-out chaos run of ${ranAt} on ${machine}: seed ${result.seed}, steady load of ${result.ratePerSecond} additions/s spread round-robin over ${result.calculators} calculators, ${result.totalsKeepers} totals keepers in one consumer group, ${result.steps.length} steps.`,
    '',
    '| # | step | at (s) | keepers aimed at | batch in flight | no batch on any partition for (s) | longest a partition waited (s) | lag back to zero after (s) | peak backlog | failed client calls (retried) | |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Batches applied during the run, by process: ${byProcess.join(', ') || 'none'}.`,
    '',
    ...renderVerdict(
      verdict,
      result,
      `The two pause columns come from the totals database's applied_batches, from the step's start until its lag was back to zero: the longest time no partition had a batch applied, and the longest one partition went without. "Batch in flight": the keeper's session was running apply_partition_batch in Postgres when the signal went. "Lag back to zero" counts from the step's end and means fewer than a second's worth of input committed and not yet applied.`,
    ),
    '',
  ].join('\n');
}
