import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
 * The Collector's trace files, oldest first: its rotated backups (`traces-<time>-size.jsonl`), then the file
 * it writes now. A span written just before a rotation is only in the newest backup.
 */
export function traceFiles(telemetryDir: string): string[] {
  if (!existsSync(telemetryDir)) return [];
  const stem = path.basename(TRACES_FILE, '.jsonl');
  const backups = readdirSync(telemetryDir)
    .filter((name) => name.startsWith(`${stem}-`) && name.endsWith('.jsonl'))
    .map((name) => path.join(telemetryDir, name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  const current = path.join(telemetryDir, TRACES_FILE);
  return existsSync(current) ? [...backups, current] : backups;
}

/**
 * Every span in the Collector's trace files, oldest first. The local stack has no trace backend: these
 * files are where traces are read.
 */
export function readExportedSpans(telemetryDir: string): ExportedSpan[] {
  const spans: ExportedSpan[] = [];
  for (const file of traceFiles(telemetryDir)) spans.push(...readSpanFile(file));
  return spans;
}

function readSpanFile(file: string): ExportedSpan[] {
  const spans: ExportedSpan[] = [];
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
