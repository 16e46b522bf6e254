import type { KafkaMessage } from 'kafkajs';

/** Every header of a record as text, each name with all its values (Kafka allows repeats). */
export function headersAsText(message: KafkaMessage): Record<string, string[]> {
  const text: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    // A header written with no value arrives as null (kafkajs's types say only undefined): Debezium adds
    // `traceparent` that way when the calculator runs without telemetry and stores none.
    text[name] = values.flatMap((item: Buffer | string | null | undefined) =>
      item === undefined || item === null ? [] : [item.toString('utf8')],
    );
  }
  return text;
}

/**
 * The first value of one header as text, or undefined when the record has none. Only that header is
 * converted: it is read several times for every record.
 */
export function headerText(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString('utf8');
}
