import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readExportedSpans, traceFiles } from '../../src/tooling/observability/exported-spans.ts';

// One OTLP/JSON export request, as the Collector's file exporter writes a line.
const exportLine = (service: string, name: string) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          { spans: [{ traceId: 't', spanId: name, name, startTimeUnixNano: '1', endTimeUnixNano: '2' }] },
        ],
      },
    ],
  });

describe("the Collector's trace files", () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, lines: string[], modifiedSecondsAgo: number) => {
    const file = path.join(dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const at = Date.now() / 1000 - modifiedSecondsAgo;
    utimesSync(file, at, at);
  };

  it('are read from the rotated backups, oldest first, then the current file, and nothing else', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'exported-spans-'));
    write('traces.jsonl', [exportLine('totals', 'current')], 0);
    write('traces-2026-11-25T17-01-21.063.jsonl', [exportLine('calculator', 'newer backup')], 60);
    write(
      'traces-2026-11-25T16-56-15.323.jsonl',
      [exportLine('calculator', 'older backup'), '{"half a li'],
      120,
    );
    write('logs.jsonl', [exportLine('calculator', 'a log file, not spans')], 0);

    expect(traceFiles(dir).map((file) => path.basename(file))).toEqual([
      'traces-2026-11-25T16-56-15.323.jsonl',
      'traces-2026-11-25T17-01-21.063.jsonl',
      'traces.jsonl',
    ]);
    expect(readExportedSpans(dir).map((span) => [span.service, span.name])).toEqual([
      ['calculator', 'older backup'],
      ['calculator', 'newer backup'],
      ['totals', 'current'],
    ]);
  });

  it('are none while the Collector has written nothing', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'exported-spans-'));
    expect(readExportedSpans(dir)).toEqual([]);
    expect(traceFiles(path.join(dir, 'missing'))).toEqual([]);
  });
});
