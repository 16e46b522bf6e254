import type { ChaosVerdict } from './chaos-verdict.ts';
import type { ChaosResult } from './run-chaos.ts';

const yesNo = (held: boolean) => (held ? 'yes' : '**NO**');

/** The fault table and the verdict's invariants, as docs/reliability.md shows them. */
export function renderChaosReport(
  result: ChaosResult,
  verdict: ChaosVerdict,
  ranAt: string,
  machine: string,
): string {
  const rows = result.faults.map((fault, index) => {
    const notes: string[] = [];
    if (fault.problem) notes.push(`**${fault.problem}**`);
    if (fault.collateralRestarts.length > 0)
      notes.push(`**also restarted: ${fault.collateralRestarts.join(', ')}**`);
    if (fault.signal === 'SIGTERM') {
      notes.push(`${fault.callsCutOff ?? 0} calls cut off mid-flight`);
      notes.push(`${fault.errorLines?.length ?? 0} error lines logged`);
    }
    return `| ${index + 1} | ${fault.signal} ${fault.part} | ${fault.atSeconds} | ${fault.backAfterSeconds ?? 'never'} | ${fault.caughtUpAfterSeconds ?? 'never'} | ${fault.failedCalls} | ${notes.join(', ')} |`;
  });
  const invariants = verdict.checks.map(
    (check) => `| ${check.statement} | ${yesNo(check.held)}${check.detail ? ` (${check.detail})` : ''} |`,
  );
  return [
    `Chaos run of ${ranAt} on ${machine}: seed ${result.seed}, steady load of ${result.ratePerSecond} additions/s, ${result.faults.length} faults.`,
    '',
    '| # | fault | at (s) | part back after (s) | lag back to zero after (s) | failed client calls (retried) | |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| invariant | held |',
    '|---|---|',
    ...invariants,
    '',
    ...(verdict.ok ? [] : ['Failed:', '', ...verdict.failures.map((failure) => `- ${failure}`), '']),
    `Calls the load driver gave up on after a minute of retries: ${result.abandoned}. "Lag back to zero" means fewer than a second's worth of input committed in the calculator and not yet applied by the totals keeper.`,
    '',
  ].join('\n');
}
