import type { KafkaMessage } from 'kafkajs';
import {
  CALCULATION_RECORDED_V1,
  type CalculationRecordedV1,
  calculationRecordedV1,
} from '../shared/calculation-recorded-event.ts';
import { headerText } from './kafka-headers.ts';

/** Why a record was dead-lettered, in few enough kinds to label a metric with. */
export const DEAD_LETTER_CATEGORIES = [
  'missing_header',
  'unknown_type',
  'empty_value',
  'not_json',
  'wrong_schema',
  'id_mismatch',
] as const;
export type DeadLetterCategory = (typeof DEAD_LETTER_CATEGORIES)[number];

export type DecodedMessage =
  | { kind: 'event'; offset: string; event: CalculationRecordedV1 }
  | { kind: 'dead-letter'; offset: string; category: DeadLetterCategory; reason: string };

/** A record read from Kafka with what it turned out to be. */
export type DecodedRecord = DecodedMessage & { message: KafkaMessage };

export function decodeRecord(message: KafkaMessage): DecodedRecord {
  return { ...decodeMessage(message), message };
}

/** Turns a record into an event, or into the reason it can't be one; never throws. */
export function decodeMessage(message: KafkaMessage): DecodedMessage {
  const offset = message.offset;
  const deadLetter = (category: DeadLetterCategory, reason: string): DecodedMessage => ({
    kind: 'dead-letter',
    offset,
    category,
    reason,
  });

  const eventType = headerText(message, 'eventType');
  if (eventType === undefined) return deadLetter('missing_header', 'missing header eventType');
  if (eventType !== CALCULATION_RECORDED_V1)
    return deadLetter('unknown_type', `unknown event type ${JSON.stringify(eventType)}`);
  const eventId = headerText(message, 'id');
  if (eventId === undefined) return deadLetter('missing_header', 'missing header id');
  if (message.value === null || message.value.length === 0) return deadLetter('empty_value', 'empty value');

  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return deadLetter('not_json', `value is not JSON: ${(error as Error).message}`);
  }
  const parsed = calculationRecordedV1.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`,
    );
    return deadLetter(
      'wrong_schema',
      `value does not match ${CALCULATION_RECORDED_V1}: ${problems.join('; ')}`,
    );
  }
  if (parsed.data.id !== eventId)
    return deadLetter('id_mismatch', `header id ${eventId} differs from payload id ${parsed.data.id}`);
  return { kind: 'event', offset, event: parsed.data };
}
