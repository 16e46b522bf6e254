import { Decimal } from 'decimal.js';

/**
 * The accepted number format: an optional minus sign, 1 to 30 integer digits, optionally a point and
 * 1 to 18 fraction digits. ASCII digits only; no exponent, no plus sign, no spaces.
 */
export const DECIMAL_PATTERN = /^-?[0-9]{1,30}(\.[0-9]{1,18})?$/;
export const MAX_DECIMAL_LENGTH = 1 + 30 + 1 + 18;

/**
 * decimal.js rounds to 20 significant digits by default. A running total over many events can reach
 * far more digits than one operand, so keep enough precision that nothing we add is ever rounded.
 */
const ExactDecimal = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN, toExpPos: 9e15 });

export type DecimalProblem = 'empty' | 'too long' | 'not a decimal';

/** Says why `text` is not an accepted decimal, or `undefined` when it is one. */
export function findDecimalProblem(text: string): DecimalProblem | undefined {
  if (text.length === 0) return 'empty';
  if (text.length > MAX_DECIMAL_LENGTH) return 'too long';
  if (!DECIMAL_PATTERN.test(text)) return 'not a decimal';
  return undefined;
}

/** Adds decimal strings exactly and returns the canonical form: no exponent, no trailing zeros, no "-0". */
export function addDecimals(...terms: readonly string[]): string {
  let sum = new ExactDecimal(0);
  for (const term of terms) sum = sum.plus(term);
  return canonicalDecimal(sum.toFixed());
}

/** True when both strings denote the same number ("1.50" and "1.5"). */
export function decimalsEqual(left: string, right: string): boolean {
  return new ExactDecimal(left).equals(right);
}

export function canonicalDecimal(text: string): string {
  const value = new ExactDecimal(text);
  return value.isZero() ? '0' : value.toFixed();
}
