/** The event B consumes. Past tense, versioned, in an `{id, occurredAt}` envelope. */
export const CALCULATION_RECORDED_V1 = 'calculation.recorded.v1';
export const CALCULATION_AGGREGATE = 'calculation';

export interface CalculationRecordedV1 {
  id: string;
  occurredAt: string;
  calculationId: string;
  a: string;
  b: string;
  sum: string;
}
