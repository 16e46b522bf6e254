import { describe, expect, it } from 'vitest';
import {
  additionCounts,
  describeAdditions,
  everyOkCommitted,
  judgeK6Run,
} from '../../src/tooling/load/k6-verdict.ts';

describe('the k6 verdict', () => {
  it("reads the additions from k6's summary export, zero when a counter never moved", () => {
    expect(
      additionCounts({
        metrics: { additions_ok: { count: 120 }, additions_failed: { count: 2 }, iterations: {} },
      }),
    ).toEqual({ additionsOk: 120, additionsFailed: 2 });
    expect(additionCounts({ metrics: { additions_ok: { count: 5 } } })).toEqual({
      additionsOk: 5,
      additionsFailed: 0,
    });
    expect(additionCounts({})).toEqual({ additionsOk: 0, additionsFailed: 0 });
  });

  it('counts more committed calculations than OK answers as fine (a timeout after commit), fewer as lost', () => {
    const counts = { additionsOk: 10, additionsFailed: 0 };
    expect(everyOkCommitted(counts, 10)).toBe(true);
    expect(everyOkCommitted(counts, 11)).toBe(true);
    expect(everyOkCommitted(counts, 9)).toBe(false);
    expect(describeAdditions(counts, 10)).toBe(
      "10 additions answered OK, 0 failed after retries; 10 of this run's calculations committed",
    );
    expect(describeAdditions({ additionsOk: 10, additionsFailed: 3 }, 9)).toBe(
      "10 additions answered OK, 3 failed after retries; 9 of this run's calculations committed (FEWER than the OK answers)",
    );
  });

  it('passes only when the thresholds held, every OK answer was committed and the pipeline reconciles', () => {
    const passing = {
      thresholdsHeld: true,
      counts: { additionsOk: 10, additionsFailed: 0 },
      committed: 10,
      reconciled: true,
    };
    expect(judgeK6Run(passing)).toBe(true);
    expect(judgeK6Run({ ...passing, thresholdsHeld: false })).toBe(false);
    expect(judgeK6Run({ ...passing, committed: 9 })).toBe(false);
    expect(judgeK6Run({ ...passing, reconciled: false })).toBe(false);
  });
});
