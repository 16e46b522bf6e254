import { randomUUID } from 'node:crypto';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/services/totals/decode-message.ts';

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

  it('decodes an event whose traceparent header came without a value, as from a calculator without telemetry', () => {
    const event = validEvent();
    const withNullHeader = message(event, headersFor(event));
    // What kafkajs hands over for a header of null value, whatever its types say.
    (withNullHeader.headers as Record<string, unknown>).traceparent = null;
    expect(decodeMessage(withNullHeader)).toEqual({ kind: 'event', offset: '42', event });
  });

  it.each([
    [
      'missing header eventType',
      'missing_header',
      (event: ReturnType<typeof validEvent>) => message(event, { id: event.id }),
    ],
    [
      'missing header id',
      'missing_header',
      (event: ReturnType<typeof validEvent>) => message(event, { eventType: 'calculation.recorded.v1' }),
    ],
    [
      'unknown event type "calculation.deleted.v9"',
      'unknown_type',
      (event: ReturnType<typeof validEvent>) =>
        message(event, { id: event.id, eventType: 'calculation.deleted.v9' }),
    ],
    [
      'value is not JSON',
      'not_json',
      (event: ReturnType<typeof validEvent>) => message('{not json', headersFor(event)),
    ],
    [
      'sum: must be an exact decimal string',
      'wrong_schema',
      (event: ReturnType<typeof validEvent>) => message({ ...event, sum: '1e5' }, headersFor(event)),
    ],
    [
      'calculationId',
      'wrong_schema',
      (event: ReturnType<typeof validEvent>) => message({ ...event, calculationId: 7 }, headersFor(event)),
    ],
    [
      'differs from payload id',
      'id_mismatch',
      (event: ReturnType<typeof validEvent>) => message(event, { ...headersFor(event), id: randomUUID() }),
    ],
  ])('dead-letters a record with %s', (reason, category, build) => {
    const decoded = decodeMessage(build(validEvent()));
    expect(decoded.kind).toBe('dead-letter');
    expect(decoded.kind === 'dead-letter' && decoded.reason).toContain(reason);
    expect(decoded.kind === 'dead-letter' && decoded.category).toBe(category);
  });

  it('dead-letters an empty value', () => {
    const event = validEvent();
    const empty = { ...message(event, headersFor(event)), value: null };
    expect(decodeMessage(empty)).toMatchObject({
      kind: 'dead-letter',
      category: 'empty_value',
      reason: 'empty value',
    });
  });
});
