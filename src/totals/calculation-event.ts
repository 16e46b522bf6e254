import { z } from 'zod';

export const CALCULATION_RECORDED_V1 = 'calculation.recorded.v1';

/** Sums may carry one more integer digit than an operand (two 30-digit operands). */
const exactDecimal = z.string().regex(/^-?[0-9]{1,31}(\.[0-9]{1,18})?$/, 'must be an exact decimal string');

/** B's own copy of the contract: it validates what arrives rather than trusting the producer's types. */
export const calculationRecordedV1 = z.object({
  id: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  calculationId: z.uuid(),
  a: exactDecimal,
  b: exactDecimal,
  sum: exactDecimal,
});

export type CalculationRecordedV1 = z.infer<typeof calculationRecordedV1>;
