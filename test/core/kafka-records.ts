import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import {
  CALCULATION_RECORDED_V1,
  type CalculationRecordedV1,
  calculationRecorded,
} from '../../src/services/shared/calculation-recorded-event.ts';
import { type DecodedRecord, decodeRecord } from '../../src/services/totals/decode-message.ts';

/** A record as kafkajs hands it over. */
export function kafkaMessage(
  offset: number,
  value: string | null,
  headers: Record<string, string>,
): KafkaMessage {
  return {
    key: Buffer.from(randomUUID()),
    value: value === null ? null : Buffer.from(value),
    headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
    offset: String(offset),
    timestamp: String(Date.now()),
    attributes: 0,
  };
}

export function newEvent(sum: string): CalculationRecordedV1 {
  return calculationRecorded({ id: randomUUID(), a: sum, b: '0', sum }, new Date());
}

/** The record Debezium publishes for `event`, decoded as the totals keeper decodes it. */
export function eventRecord(offset: number, event: CalculationRecordedV1): DecodedRecord {
  return decodeRecord(
    kafkaMessage(offset, JSON.stringify(event), { id: event.id, eventType: CALCULATION_RECORDED_V1 }),
  );
}

export function poisonRecord(offset: number): DecodedRecord {
  return decodeRecord(
    kafkaMessage(offset, 'not json', { id: randomUUID(), eventType: CALCULATION_RECORDED_V1 }),
  );
}
