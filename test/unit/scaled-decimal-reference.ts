/**
 * An arithmetic independent of decimal.js to check it against: a decimal string as a BigInt count of
 * 10^-18 units (the finest fraction the contract accepts).
 */
const SCALE = 18;

export function toScaled(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole + fraction.padEnd(SCALE, '0'));
  return negative ? -value : value;
}

export function fromScaled(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0');
  const fraction = digits.slice(-SCALE).replace(/0+$/, '');
  const text = fraction ? `${digits.slice(0, -SCALE)}.${fraction}` : digits.slice(0, -SCALE);
  return negative && text !== '0' ? `-${text}` : text;
}

export function referenceSum(terms: readonly string[]): string {
  return fromScaled(terms.reduce((sum, term) => sum + toScaled(term), 0n));
}
