import type { Kysely } from 'kysely';
import type { TotalsServiceImplementation } from '../../generated/totals/v1/totals.pb.ts';
import type { TotalsDatabase } from './totals-database.ts';
import { readRunningTotal } from './totals-ledger.ts';

export function createTotalsService(db: Kysely<TotalsDatabase>): TotalsServiceImplementation {
  return {
    async getTotal() {
      const total = await readRunningTotal(db);
      return {
        total: total.total,
        eventCount: BigInt(total.eventCount),
        lastAppliedAt: total.lastAppliedAt ?? undefined,
        deadLetterCount: BigInt(total.deadLetterCount),
      };
    },
  };
}
