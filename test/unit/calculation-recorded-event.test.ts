import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CALCULATION_AGGREGATE,
  CALCULATION_EVENTS_TOPIC,
  calculationRecorded,
  calculationRecordedV1,
} from '../../src/services/shared/calculation-recorded-event.ts';

describe('the calculation.recorded.v1 contract', () => {
  it('accepts every event the calculator builds, the largest sums included', () => {
    const calculation = {
      id: randomUUID(),
      a: '999999999999999999999999999999.999999999999999999',
      b: '999999999999999999999999999999.999999999999999999',
      sum: '1999999999999999999999999999999.999999999999999998',
    };
    const event = calculationRecorded(calculation, new Date('2026-01-01T00:00:00Z'));
    expect(calculationRecordedV1.parse(event)).toEqual(event);
    expect(event).toMatchObject({ calculationId: calculation.id, occurredAt: '2026-01-01T00:00:00.000Z' });
    expect(event.id).not.toBe(calculation.id);
  });

  it('names the topic Debezium routes the outbox rows to', () => {
    const connector = JSON.parse(readFileSync('connectors/calculator-outbox.json', 'utf8'));
    const replacement: string = connector['transforms.outbox.route.topic.replacement'];
    expect(connector['transforms.outbox.route.by.field']).toBe('aggregatetype');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the router's own placeholder, not a template
    expect(replacement.replace('${routedByValue}', CALCULATION_AGGREGATE)).toBe(CALCULATION_EVENTS_TOPIC);
  });
});
