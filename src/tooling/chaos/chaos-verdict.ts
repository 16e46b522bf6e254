import { decimalsEqual } from '../../services/shared/exact-decimal.ts';
import type { ChaosResult, FaultResult } from './run-chaos.ts';

export interface InvariantCheck {
  /** Short, for the console: "no other part restarted". */
  name: string;
  /** The invariant in words with the counts it was judged on, as the report's row says it. */
  statement: string;
  held: boolean;
  /** The figures behind the answer ("0 missing, 0 doubled"), when there are any. */
  detail?: string;
  /** One line per breach, naming the fault when one is to blame. */
  failures: string[];
}

export interface ChaosVerdict {
  ok: boolean;
  checks: InvariantCheck[];
  /** Every breach, prefixed by the name of the invariant it breaks. */
  failures: string[];
}

const SAMPLE = 5;
const ids = (list: string[]) => `${list.slice(0, SAMPLE).join(', ')}${list.length > SAMPLE ? ', …' : ''}`;
export const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const named = (fault: FaultResult, index: number) => `fault ${index + 1} (${fault.name})`;

export function check(name: string, statement: string, failures: string[], detail?: string): InvariantCheck {
  return { name, statement, held: failures.length === 0, failures, ...(detail ? { detail } : {}) };
}

/** The end checks every chaos run shares, on what any of them gathers. */
export type EndOfRun = Pick<ChaosResult, 'confirmed' | 'confirmedMissingFromCalculator' | 'reconciliation'>;

export function answeredOkIsCommitted(result: EndOfRun): InvariantCheck {
  const failures: string[] = [];
  if (result.confirmed === 0) failures.push('no addition was answered OK, so the run proves nothing');
  if (result.confirmedMissingFromCalculator !== 0)
    failures.push(
      `${result.confirmedMissingFromCalculator} of ${result.confirmed} additions answered OK are not in the calculator's table`,
    );
  return check(
    'answered OK is committed',
    `every addition answered OK (${result.confirmed}) is in the calculator's table`,
    failures,
    `${result.confirmedMissingFromCalculator} missing`,
  );
}

export function exactlyOnce({ reconciliation: r }: EndOfRun): InvariantCheck {
  const failures: string[] = [];
  if (r.missing.length > 0)
    failures.push(`${counted(r.missing.length, 'calculation')} never applied (${ids(r.missing)})`);
  if (r.duplicated.length > 0)
    failures.push(
      `${counted(r.duplicated.length, 'calculation')} applied more than once (${ids(r.duplicated)})`,
    );
  if (r.unexpected.length > 0)
    failures.push(
      `${counted(r.unexpected.length, 'applied event')} with no calculation (${ids(r.unexpected)})`,
    );
  if (r.calculations !== r.appliedEvents)
    failures.push(`${r.calculations} calculations but ${r.appliedEvents} applied events`);
  return check(
    'exactly once',
    `the ledger holds each calculation exactly once (${r.calculations} calculations, ${r.appliedEvents} applied events)`,
    failures,
    `${r.missing.length} missing, ${r.duplicated.length} doubled`,
  );
}

export function exactTotal({ reconciliation: r }: EndOfRun): InvariantCheck {
  const failures: string[] = [];
  if (!decimalsEqual(r.runningTotal, r.calculatorSum))
    failures.push(`the running total ${r.runningTotal} differs from the exact sum ${r.calculatorSum}`);
  if (!decimalsEqual(r.ledgerSum, r.calculatorSum))
    failures.push(`the ledger sums to ${r.ledgerSum}, not the exact sum ${r.calculatorSum}`);
  if (r.runningTotalEvents !== r.appliedEvents)
    failures.push(`the running total counts ${r.runningTotalEvents} events, the ledger ${r.appliedEvents}`);
  return check('exact total', 'the running total equals the exact sum of the calculations', failures);
}

const boundOf = (result: ChaosResult) =>
  [...new Set(result.faults.map((fault) => fault.lagBoundSeconds))].join(' or ') || 'the bound';

function perFault(result: ChaosResult, breach: (fault: FaultResult) => string | undefined): string[] {
  return result.faults.flatMap((fault, index) => {
    const what = breach(fault);
    return what ? [`${named(fault, index)} ${what}`] : [];
  });
}

/**
 * The one judgement of a chaos run: the report's rows, the exit code of `npm run chaos` and the tests
 * all take it from here. Every invariant is checked (not only the first that fails), and each breach
 * says which fault it followed.
 */
export function judgeChaos(result: ChaosResult): ChaosVerdict {
  const checks = [
    answeredOkIsCommitted(result),
    exactlyOnce(result),
    exactTotal(result),
    check(
      'part back',
      'every part a fault hit came back, and the pipeline flowed again after every network fault',
      perFault(result, (fault) => (fault.problem ? `did not recover: ${fault.problem}` : undefined)),
    ),
    check(
      'lag back to zero',
      `every fault's lag got back to zero within ${boundOf(result)} s of the fault's end`,
      perFault(result, (fault) =>
        fault.caughtUpAfterSeconds === undefined
          ? `left a backlog that was not back to zero ${fault.lagBoundSeconds} s after the fault ended: a hang`
          : undefined,
      ),
    ),
    check(
      'half-open noticed',
      'every half-open link was noticed by its client while it held',
      perFault(result, (fault) =>
        fault.kind === 'half-open' &&
        (fault.detectedAfterSeconds === undefined || fault.detectedAfterSeconds > (fault.heldSeconds ?? 0))
          ? `was not noticed by ${fault.part} while it held (${fault.heldSeconds} s): nothing in its log`
          : undefined,
      ),
    ),
    check(
      'no other part restarted',
      'no fault restarted another part',
      perFault(result, (fault) =>
        fault.collateralRestarts.length > 0
          ? `also restarted ${fault.collateralRestarts.join(', ')}`
          : undefined,
      ),
    ),
    check(
      'clean SIGTERM',
      'no SIGTERM cut a call off or logged an error',
      perFault(result, (fault) => {
        const lines = fault.errorLines ?? [];
        const breaches = [
          ...(fault.callsCutOff ? [`cut off ${counted(fault.callsCutOff, 'call')} mid-flight`] : []),
          ...(lines.length > 0 ? [`logged ${counted(lines.length, 'error line')}: ${lines[0]}`] : []),
        ];
        return breaches.length > 0 ? breaches.join('; ') : undefined;
      }),
    ),
  ];
  return verdictOf(result, checks);
}

/**
 * The verdict from a run's checks, the first three being `answeredOkIsCommitted`, `exactlyOnce` and
 * `exactTotal`. The reconciliation's own answer is authoritative: if it disagreed and no figure shows
 * why, the run still fails.
 */
export function verdictOf(result: EndOfRun, checks: InvariantCheck[]): ChaosVerdict {
  const [, once, total] = checks as [InvariantCheck, InvariantCheck, InvariantCheck];
  if (!result.reconciliation.ok && once.held && total.held) {
    once.failures.push('the reconciliation reported a mismatch that none of its figures shows');
    once.held = false;
  }
  const failures = checks.flatMap((item) => item.failures.map((failure) => `${item.name}: ${failure}`));
  return { ok: failures.length === 0, checks, failures };
}

/**
 * The verdict as every chaos report shows it: a row per invariant with its figures, then each breach,
 * then the calls the load driver gave up on, followed by the report's own `notes` on its columns.
 */
export function renderVerdict(
  verdict: ChaosVerdict,
  load: { abandoned: number; stuckAtStop: number },
  notes: string,
): string[] {
  const yesNo = (held: boolean) => (held ? 'yes' : '**NO**');
  return [
    '| invariant | held |',
    '|---|---|',
    ...verdict.checks.map(
      (check) => `| ${check.statement} | ${yesNo(check.held)}${check.detail ? ` (${check.detail})` : ''} |`,
    ),
    '',
    ...(verdict.ok ? [] : ['Failed:', '', ...verdict.failures.map((failure) => `- ${failure}`), '']),
    `Calls the load driver gave up on after a minute of retries: ${load.abandoned}${load.stuckAtStop ? `; calls still unanswered when the load stopped, aborted: ${load.stuckAtStop}` : ''}. ${notes}`,
  ];
}
