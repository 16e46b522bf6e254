import { describe, expect, it } from 'vitest';
import { missingCount, missingRange, OffsetGaps } from '../../src/services/totals/offset-gaps.ts';

const gap = { topic: 't', partition: 1, nextOffset: 10n, firstAvailable: 20n };

describe('a batch that starts past the stored offset', () => {
  it('makes the consumer seek back once, then stops the partition if it happens again', () => {
    const gaps = new OffsetGaps();
    expect(gaps.batchPastStoredOffset(gap)).toBe('seek-back');
    expect(gaps.isStopped('t', 1)).toBe(false);
    expect(gaps.batchPastStoredOffset(gap)).toBe('stop');
    expect(gaps.isStopped('t', 1)).toBe(true);
    expect(gaps.list()).toEqual([gap]);
    expect(missingRange(gap)).toBe('10..19');
    expect(missingCount(gap)).toBe(10);
  });

  it('seeks back again after the partition made progress (a group offset ahead of the table, not a gap)', () => {
    const gaps = new OffsetGaps();
    expect(gaps.batchPastStoredOffset(gap)).toBe('seek-back');
    gaps.progressed('t', 1);
    expect(gaps.batchPastStoredOffset({ ...gap, nextOffset: 30n, firstAvailable: 35n })).toBe('seek-back');
    expect(gaps.list()).toEqual([]);
  });

  it('keeps a stopped partition stopped across a rebalance that leaves it here, and forgets it otherwise', () => {
    const gaps = new OffsetGaps();
    gaps.batchPastStoredOffset(gap);
    gaps.batchPastStoredOffset(gap);
    gaps.rebalanced('t', [0, 1]);
    expect(gaps.isStopped('t', 1)).toBe(true);
    // After a rebalance the consumer seeks to the stored offsets again: one more seek back is allowed.
    expect(gaps.batchPastStoredOffset({ ...gap, partition: 0 })).toBe('seek-back');
    gaps.rebalanced('t', [0]);
    expect(gaps.isStopped('t', 1)).toBe(false);
  });
});
