import { randomBytes, randomUUID } from 'node:crypto';
import { Metadata } from 'nice-grpc';
import { describe, expect, it } from 'vitest';
import { type ExportedSpan, readExportedSpans } from '../../src/tooling/observability/exported-spans.ts';
import { waitUntil } from '../../src/tooling/stack/readiness-probes.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const harness = useSettledHarness();

async function spanWhere(what: string, matches: (span: ExportedSpan) => boolean): Promise<ExportedSpan> {
  let found: ExportedSpan | undefined;
  await waitUntil(async () => {
    found = readExportedSpans(settings.telemetryDir).find(matches);
    if (!found) throw new Error(`no exported span yet: ${what}`);
  }, 60_000);
  return found as ExportedSpan;
}

describe('one trace from the gRPC call to the running total', () => {
  it("puts the totals keeper's span for the event in the caller's trace, as a child of the calculator's Add span", async () => {
    // The test is the caller: its own trace and span ids, sent as W3C traceparent.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const metadata = Metadata({ traceparent: `00-${traceId}-${callerSpanId}-01` });

    const { calculationId } = await harness().calculator.add(
      { a: '40.5', b: '1.5', idempotencyKey: `trace-${randomUUID()}` },
      { metadata },
    );
    expect((await harness().settle()).ok).toBe(true);

    const addSpan = await spanWhere('the calculator Add span of this trace', (span) => {
      return span.service === 'calculator' && span.traceId === traceId && span.name.endsWith('/Add');
    });
    expect(addSpan.parentSpanId).toBe(callerSpanId);

    const processSpan = await spanWhere(`the totals span for calculation ${calculationId}`, (span) => {
      return span.service === 'totals' && span.attributes['calculation.id'] === calculationId;
    });
    expect(processSpan.traceId).toBe(traceId);
    expect(processSpan.parentSpanId).toBe(addSpan.spanId);
    expect(processSpan.attributes['totals.outcome']).toBe('applied');
    expect(processSpan.attributes['messaging.destination.name']).toBe('calculation.events');
  });

  it('starts traces at the calculator when callers send none, sampling a share of them', async () => {
    // The stack records a share of the traces callers leave to it (STACK_TRACE_SAMPLE_RATIO): out of a
    // hundred calls, some are recorded, and each recorded one runs on to the totals keeper.
    const calls = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        harness().calculator.add({ a: String(index), b: '0.5', idempotencyKey: `trace-${randomUUID()}` }),
      ),
    );
    expect((await harness().settle()).ok).toBe(true);
    const ids = new Set(calls.map((call) => call.calculationId));
    await waitUntil(async () => {
      const spans = readExportedSpans(settings.telemetryDir);
      const applied = spans.filter(
        (span) => span.service === 'totals' && ids.has(String(span.attributes['calculation.id'])),
      );
      if (applied.length === 0) throw new Error('no totals span for any of the calls yet');
      for (const processSpan of applied) {
        const parent = spans.find((span) => span.spanId === processSpan.parentSpanId);
        expect(parent?.service).toBe('calculator');
        expect(parent?.traceId).toBe(processSpan.traceId);
        expect(parent?.parentSpanId).toBe('');
      }
    }, 60_000);
  });
});
