import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The one event of the pipeline, as both services know it: the calculator builds it with `of()` and
 * writes it to the outbox; the totals keeper validates what arrives with `schema` rather than trusting
 * the producer. Past tense, versioned, in an `{id, occurredAt}` envelope. How a v2 would be rolled out:
 * docs/events.md.
 */
export const CALCULATION_RECORDED_V1 = 'calculation.recorded.v1';

/** The outbox row's `aggregatetype`: Debezium's Outbox Event Router routes by it. */
export const CALCULATION_AGGREGATE = 'calculation';

/** `transforms.outbox.route.topic.replacement` in connectors/ is `${routedByValue}.events`. */
export const CALCULATION_EVENTS_TOPIC = `${CALCULATION_AGGREGATE}.events`;

/** Sums may carry one more integer digit than an operand (two 30-digit operands). */
const exactDecimal = z.string().regex(/^-?[0-9]{1,31}(\.[0-9]{1,18})?$/, 'must be an exact decimal string');

export const calculationRecordedV1 = z.object({
  id: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  calculationId: z.uuid(),
  a: exactDecimal,
  b: exactDecimal,
  sum: exactDecimal,
});

export type CalculationRecordedV1 = z.infer<typeof calculationRecordedV1>;

/** What the event is built from: a calculation as the calculator stores it. */
export interface RecordedCalculation {
  id: string;
  a: string;
  b: string;
  sum: string;
}

/** The event announcing `calculation`, with a new event id. */
export function calculationRecorded(
  calculation: RecordedCalculation,
  occurredAt: Date,
): CalculationRecordedV1 {
  return {
    id: randomUUID(),
    occurredAt: occurredAt.toISOString(),
    calculationId: calculation.id,
    a: calculation.a,
    b: calculation.b,
    sum: calculation.sum,
  };
}
