import { describe, expect, it } from 'vitest';
import { addRequestSchema, describeProblems } from '../../src/services/calculator/add-request-schema.ts';

function problems(request: { a: string; b: string; idempotencyKey: string }): string {
  const parsed = addRequestSchema.safeParse(request);
  if (parsed.success) throw new Error('expected the request to be rejected');
  return describeProblems(parsed.error);
}

describe('addRequestSchema', () => {
  it('accepts two decimals and turns an empty key into none', () => {
    expect(addRequestSchema.parse({ a: '1.5', b: '-2', idempotencyKey: '' })).toEqual({
      a: '1.5',
      b: '-2',
      idempotencyKey: null,
    });
  });

  it('names the field that is wrong, by its proto name', () => {
    expect(problems({ a: '1', b: '1e5', idempotencyKey: '' })).toMatch(/^b: must be .*got "1e5"$/);
    expect(problems({ a: '', b: '1', idempotencyKey: '' })).toBe('a: is required');
    expect(problems({ a: '1', b: '2', idempotencyKey: 'has space' })).toMatch(/^idempotency_key: /);
  });

  it('names every bad field at once', () => {
    expect(problems({ a: 'NaN', b: 'Infinity', idempotencyKey: '' })).toMatch(/^a: .*; b: .*/);
  });

  it('does not echo a huge input back', () => {
    const message = problems({ a: '7'.repeat(10 * 1024 * 1024), b: '1', idempotencyKey: '' });
    expect(message.length).toBeLessThan(200);
  });

  it('limits the idempotency key to 128 printable characters', () => {
    expect(problems({ a: '1', b: '2', idempotencyKey: 'k'.repeat(129) })).toMatch(/idempotency_key: .*128/);
    expect(
      addRequestSchema.parse({ a: '1', b: '2', idempotencyKey: 'k'.repeat(128) }).idempotencyKey,
    ).toHaveLength(128);
  });
});
