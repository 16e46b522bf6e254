import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, DECIMAL_PATTERN, findDecimalProblem } from '../../src/services/shared/exact-decimal.ts';
import { fromScaled, referenceSum, toScaled } from './scaled-decimal-reference.ts';

const digitString = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max })
    .map((digits) => digits.join(''));

/** Every shape the contract accepts, boundaries included (30 integer digits, 18 fraction digits, -0). */
const acceptedDecimal = fc
  .tuple(fc.boolean(), digitString(1, 30), fc.option(digitString(1, 18), { nil: undefined }))
  .map(
    ([negative, whole, fraction]) =>
      `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
  );

describe('exact decimals, checked against BigInt arithmetic', () => {
  it('accepts every string of the documented format', () => {
    fc.assert(fc.property(acceptedDecimal, (text) => findDecimalProblem(text) === undefined));
  });

  it('rejects any string that is not of the format', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        fc.pre(!DECIMAL_PATTERN.test(text));
        return findDecimalProblem(text) !== undefined;
      }),
    );
  });

  it('adds two operands exactly', () => {
    fc.assert(
      fc.property(acceptedDecimal, acceptedDecimal, (a, b) => {
        expect(addDecimals(a, b)).toBe(fromScaled(toScaled(a) + toScaled(b)));
      }),
    );
  });

  it('keeps a running total of many operands exact', () => {
    fc.assert(
      fc.property(fc.array(acceptedDecimal, { minLength: 1, maxLength: 300 }), (terms) => {
        expect(addDecimals(...terms)).toBe(referenceSum(terms));
      }),
      { numRuns: 200 },
    );
  });
});
