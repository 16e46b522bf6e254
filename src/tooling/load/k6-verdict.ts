/** The additions k6 counted in its --summary-export: answered OK, and failed after their retries. */
export interface K6AdditionCounts {
  additionsOk: number;
  additionsFailed: number;
}

export function additionCounts(summary: unknown): K6AdditionCounts {
  const metrics = (summary as { metrics?: Record<string, { count?: number }> }).metrics ?? {};
  return {
    additionsOk: metrics.additions_ok?.count ?? 0,
    additionsFailed: metrics.additions_failed?.count ?? 0,
  };
}

/**
 * Whether every OK answer was committed, given the run's calculations the calculator holds (its
 * idempotency keys carry the run's id). Each OK answer belongs to its own key; a key may also be
 * recorded without k6 seeing the answer (a timeout after commit), so there may be more rows, never fewer.
 */
export function everyOkCommitted(counts: K6AdditionCounts, committed: number): boolean {
  return committed >= counts.additionsOk;
}

/** One line: the additions k6 counted beside the calculations the calculator committed. */
export function describeAdditions(counts: K6AdditionCounts, committed: number): string {
  return (
    `${counts.additionsOk} additions answered OK, ${counts.additionsFailed} failed after retries; ` +
    `${committed} of this run's calculations committed${everyOkCommitted(counts, committed) ? '' : ' (FEWER than the OK answers)'}`
  );
}

/** A k6 run passes when every threshold held, every OK answer was committed and the pipeline reconciles. */
export function judgeK6Run(run: {
  thresholdsHeld: boolean;
  counts: K6AdditionCounts;
  committed: number;
  reconciled: boolean;
}): boolean {
  return run.thresholdsHeld && everyOkCommitted(run.counts, run.committed) && run.reconciled;
}
