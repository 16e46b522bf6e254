import { missingCount } from './offset-gaps.ts';
import type { TotalsConsumer } from './totals-consumer.ts';
import { totalsMetrics } from './totals-metrics.ts';

/**
 * `totals_offset_gaps` for every partition this member owns: 0, or how many offsets are missing where
 * the partition stopped. A zero series per partition lets the alert and the dashboards tell "no gap"
 * from "no data".
 */
export function observeOffsetGaps(totals: TotalsConsumer, topic: string): void {
  totalsMetrics.offsetGaps.addCallback((result) => {
    const gaps = new Map(totals.gaps.list().map((gap) => [gap.partition, missingCount(gap)]));
    for (const partition of totals.assignedPartitions())
      result.observe(gaps.get(partition) ?? 0, { topic, partition });
  });
}
