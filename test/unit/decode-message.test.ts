import { randomUUID } from 'node:crypto';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/totals/decode-message.ts';

function message(value: unknown, headers: Record<string, string> = {}): KafkaMessage {
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const kafkaHeaders: IHeaders = Object.fromEntries(
    Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)]),
  );
  return {
    key: Buffer.from('key'),
    value: Buffer.from(raw),
    timestamp: '0',
    attributes: 0,
    offset: '42',
    headers: kafkaHeaders,
  };
}

function validEvent() {
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    calculationId: randomUUID(),
    a: '0.1',
    b: '0.2',
    sum: '0.3',
  };
}

const headersFor = (event: { id: string }) => ({ id: event.id, eventType: 'calculation.recorded.v1' });

describe('decodeMessage', () => {
  it('decodes a calculation.recorded.v1 event', () => {
    const event = validEvent();
    expect(decodeMessage(message(event, headersFor(event)))).toEqual({ kind: 'event', offset: '42', event });
  });

  it.each([
    ['missing header eventType', (event: ReturnType<typeof validEvent>) => message(event, { id: event.id })],
    [
      'missing header id',
      (event: ReturnType<typeof validEvent>) => message(event, { eventType: 'calculation.recorded.v1' }),
    ],
    [
      'unknown event type "calculation.deleted.v9"',
      (event: ReturnType<typeof validEvent>) =>
        message(event, { id: event.id, eventType: 'calculation.deleted.v9' }),
    ],
    ['value is not JSON', (event: ReturnType<typeof validEvent>) => message('{not json', headersFor(event))],
    [
      'sum: must be an exact decimal string',
      (event: ReturnType<typeof validEvent>) => message({ ...event, sum: '1e5' }, headersFor(event)),
    ],
    [
      'calculationId',
      (event: ReturnType<typeof validEvent>) => message({ ...event, calculationId: 7 }, headersFor(event)),
    ],
    [
      'differs from payload id',
      (event: ReturnType<typeof validEvent>) => message(event, { ...headersFor(event), id: randomUUID() }),
    ],
  ])('dead-letters a record with %s', (reason, build) => {
    const decoded = decodeMessage(build(validEvent()));
    expect(decoded.kind).toBe('dead-letter');
    expect(decoded.kind === 'dead-letter' && decoded.reason).toContain(reason);
  });

  it('dead-letters an empty value', () => {
    const event = validEvent();
    const empty = { ...message(event, headersFor(event)), value: null };
    expect(decodeMessage(empty)).toMatchObject({ kind: 'dead-letter', reason: 'empty value' });
  });
});
