import { describe, expect, it } from 'vitest';
import { addDecimals, decimalsEqual, findDecimalProblem } from '../../src/services/shared/exact-decimal.ts';
import { referenceSum } from './scaled-decimal-reference.ts';

describe('addDecimals', () => {
  it('adds without binary floating point error', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
  });

  it('keeps all 30 integer and 18 fraction digits', () => {
    expect(addDecimals('999999999999999999999999999999.999999999999999999', '0.000000000000000001')).toBe(
      '1000000000000000000000000000000',
    );
    expect(addDecimals('-123456789012345678901234567890.123456789012345678', '0.000000000000000001')).toBe(
      '-123456789012345678901234567890.123456789012345677',
    );
  });

  it('writes zero as 0, never -0 or with trailing zeros', () => {
    expect(addDecimals('-0', '0')).toBe('0');
    expect(addDecimals('1.50', '-1.5')).toBe('0');
    expect(addDecimals('1.250', '1')).toBe('2.25');
  });

  it('stays exact over many terms far beyond 20 significant digits', () => {
    const terms = Array.from({ length: 5_000 }, (_, index) =>
      index % 2 === 0 ? `${'9'.repeat(30)}.${'9'.repeat(18)}` : `-0.${String(index).padStart(18, '0')}`,
    );
    expect(addDecimals(...terms)).toBe(referenceSum(terms));
  });

  it('compares numerically', () => {
    expect(decimalsEqual('1.50', '1.5')).toBe(true);
    expect(decimalsEqual('1.5', '1.500000000000000001')).toBe(false);
  });
});

describe('findDecimalProblem', () => {
  it.each([
    '0',
    '-0',
    '7',
    '-12.5',
    '0.000000000000000001',
    `${'9'.repeat(30)}.${'9'.repeat(18)}`,
    `-${'1'.repeat(30)}`,
  ])('accepts %s', (text) => {
    expect(findDecimalProblem(text)).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['1e5', 'not a decimal'],
    ['NaN', 'not a decimal'],
    ['Infinity', 'not a decimal'],
    ['-Infinity', 'not a decimal'],
    ['+1', 'not a decimal'],
    [' 1', 'not a decimal'],
    ['1 ', 'not a decimal'],
    ['1.', 'not a decimal'],
    ['.5', 'not a decimal'],
    ['--1', 'not a decimal'],
    ['1,5', 'not a decimal'],
    ['0x10', 'not a decimal'],
    ['\u0661', 'not a decimal'],
    ['１', 'not a decimal'],
    [`1.${'1'.repeat(19)}`, 'not a decimal'],
    ['1'.repeat(31), 'not a decimal'],
    ['1'.repeat(10 * 1024 * 1024), 'too long'],
  ])('rejects %j as %s', (text, problem) => {
    expect(findDecimalProblem(text)).toBe(problem);
  });
});
