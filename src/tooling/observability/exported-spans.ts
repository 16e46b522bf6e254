import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A span as the Collector's file exporter writes it (OTLP JSON), flattened with its service. */
export interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, string | number | boolean>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: (Omit<ExportedSpan, 'service' | 'attributes'> & { attributes?: OtlpAttribute[] })[];
    }[];
  }[];
}

export const TRACES_FILE = 'traces.jsonl';

/**
 * Every span in the Collector's current trace file, oldest first (older ones are in its rotated
 * backups). The local stack has no trace backend: this file is where traces are read.
 */
export function readExportedSpans(telemetryDir: string): ExportedSpan[] {
  const spans: ExportedSpan[] = [];
  const file = path.join(telemetryDir, TRACES_FILE);
  if (!existsSync(file)) return spans;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let batch: OtlpTraces;
    try {
      batch = JSON.parse(line) as OtlpTraces;
    } catch {
      continue; // the line being written as we read
    }
    for (const resourceSpans of batch.resourceSpans ?? []) {
      const service = String(attributeMap(resourceSpans.resource?.attributes)['service.name'] ?? 'unknown');
      for (const scopeSpans of resourceSpans.scopeSpans ?? [])
        for (const span of scopeSpans.spans ?? [])
          spans.push({
            ...span,
            service,
            parentSpanId: span.parentSpanId ?? '',
            attributes: attributeMap(span.attributes),
          });
    }
  }
  return spans;
}

function attributeMap(attributes: OtlpAttribute[] | undefined): Record<string, string | number | boolean> {
  const map: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    if (value.stringValue !== undefined) map[key] = value.stringValue;
    else if (value.intValue !== undefined) map[key] = Number(value.intValue);
    else if (value.doubleValue !== undefined) map[key] = value.doubleValue;
    else if (value.boolValue !== undefined) map[key] = value.boolValue;
  }
  return map;
}
