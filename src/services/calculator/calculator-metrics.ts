import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('outbox-pipeline/calculator');

/** The calculator's own instruments; names and units are listed in docs/metrics.md. */
export const calculatorMetrics = {
  calculationsCommitted: meter.createCounter('calculator.calculations.committed', {
    description: 'Calculations whose transaction committed (new ones, not replays).',
    unit: '{calculation}',
  }),
  idempotentReplays: meter.createCounter('calculator.idempotent.replays', {
    description: 'Add calls answered from an earlier calculation with the same idempotency key.',
    unit: '{call}',
  }),
  transactionBatchSize: meter.createHistogram('calculator.transaction.batch.size', {
    description: 'Calculations written per shared transaction.',
    unit: '{calculation}',
    advice: { explicitBucketBoundaries: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] },
  }),
  requestsShed: meter.createCounter('calculator.requests.shed', {
    description: 'Add calls refused before touching the database, by reason.',
    unit: '{call}',
  }),
  calculationsStored: meter.createObservableGauge('calculator.calculations.stored', {
    description: "Rows in the calculator's calculations table.",
    unit: '{calculation}',
  }),
};

// Every counter exists from the start at zero, so rates and ratios have a series before the first event.
calculatorMetrics.calculationsCommitted.add(0);
calculatorMetrics.idempotentReplays.add(0);
calculatorMetrics.requestsShed.add(0, { reason: 'queue_full' });
calculatorMetrics.requestsShed.add(0, { reason: 'database_stalled' });
