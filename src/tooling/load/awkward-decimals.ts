import { seededRandom } from './seeded-random.ts';

/**
 * Operands that are hard to add exactly: negatives, 18 fraction digits, 30 integer digits, zeros with
 * signs, values that cancel. Deterministic for a seed, so a failing run can be repeated.
 */
export function awkwardDecimals(seed: number): () => string {
  const next = seededRandom(seed);
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(next() * 10)).join('');
  const nonZeroLead = (count: number) => String(1 + Math.floor(next() * 9)) + digits(count - 1);
  const shapes: (() => string)[] = [
    () => `${digits(1)}.${digits(1)}`,
    () => `-${digits(1)}.${digits(18)}`,
    () => `${nonZeroLead(30)}`,
    () => `-${nonZeroLead(30)}.${digits(18)}`,
    () => `0.${'0'.repeat(17)}1`,
    () => '-0',
    () => `${nonZeroLead(1 + Math.floor(next() * 12))}.${digits(1 + Math.floor(next() * 18))}`,
    () => `-${digits(1 + Math.floor(next() * 5))}`,
  ];
  return () => (shapes[Math.floor(next() * shapes.length)] as () => string)();
}
