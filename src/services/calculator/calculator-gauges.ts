import type { Kysely } from 'kysely';
import type { Logger } from '../shared/logger.ts';
import { samplePeriodically } from '../shared/periodic-sample.ts';
import { countCalculations } from './calculation-repository.ts';
import type { CalculatorDatabase } from './calculator-database.ts';
import { calculatorMetrics } from './calculator-metrics.ts';

/** Feeds `calculator.calculations.stored` from the table itself, so it survives restarts. */
export function startCalculatorGauges(db: Kysely<CalculatorDatabase>, logger: Logger): () => void {
  const stored = samplePeriodically('calculations stored', () => countCalculations(db), 10_000, logger);
  calculatorMetrics.calculationsStored.addCallback((result) => {
    const value = stored.latest();
    if (value !== undefined) result.observe(value);
  });
  return stored.stop;
}
