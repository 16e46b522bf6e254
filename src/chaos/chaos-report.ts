import type { ChaosResult } from './run-chaos.ts';

const yesNo = (ok: boolean) => (ok ? 'yes' : '**NO**');

/** The fault table and the invariants, as the README shows them. */
export function renderChaosReport(result: ChaosResult, ranAt: string, machine: string): string {
  const rows = result.faults.map((fault, index) => {
    const notes: string[] = [];
    if (fault.collateralRestarts.length > 0)
      notes.push(`**also restarted: ${fault.collateralRestarts.join(', ')}**`);
    if (fault.signal === 'SIGTERM') {
      notes.push(`${fault.callsCutOff ?? 0} calls cut off mid-flight`);
      notes.push(`${fault.errorLines?.length ?? 0} error lines logged`);
    }
    return `| ${index + 1} | ${fault.signal} ${fault.part} | ${fault.atSeconds} | ${fault.backAfterSeconds} | ${fault.caughtUpAfterSeconds ?? 'never'} | ${fault.failedCalls} | ${notes.join(', ')} |`;
  });
  const { reconciliation } = result;
  return [
    `Chaos run of ${ranAt} on ${machine}: seed ${result.seed}, steady load of ${result.ratePerSecond} additions/s, ${result.faults.length} faults.`,
    '',
    '| # | fault | at (s) | part back after (s) | lag back to zero after (s) | failed client calls (retried) | |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| invariant | held |',
    '|---|---|',
    `| every addition answered OK (${result.confirmed}) is in the calculator's table | ${yesNo(result.confirmedMissingFromCalculator === 0)} (${result.confirmedMissingFromCalculator} missing) |`,
    `| the ledger holds each calculation exactly once (${reconciliation.calculations} calculations, ${reconciliation.appliedEvents} applied events) | ${yesNo(reconciliation.missing.length === 0 && reconciliation.duplicated.length === 0 && reconciliation.unexpected.length === 0)} (${reconciliation.missing.length} missing, ${reconciliation.duplicated.length} doubled) |`,
    `| the running total equals the exact sum of the calculations | ${yesNo(reconciliation.runningTotal === reconciliation.calculatorSum)} |`,
    `| every fault's lag got back to zero, no other part restarted, no SIGTERM cut a call off or logged an error | ${yesNo(result.faults.every((fault) => fault.caughtUpAfterSeconds !== undefined && !fault.callsCutOff && !fault.errorLines?.length && fault.collateralRestarts.length === 0))} |`,
    '',
    `Calls the load driver gave up on after a minute of retries: ${result.abandoned}. "Lag back to zero" means fewer than a second's worth of input committed in the calculator and not yet applied by the totals keeper.`,
    '',
  ].join('\n');
}
