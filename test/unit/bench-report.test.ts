import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/tooling/bench/bench-report.ts';
import {
  type BenchResults,
  mergeResults,
  type PipelineResult,
} from '../../src/tooling/bench/bench-results.ts';
import type { FrontDoorResult } from '../../src/tooling/bench/front-door-bench.ts';
import type { RateStep } from '../../src/tooling/bench/pipeline-bench.ts';

const MACHINE = '2 cores (test CPU), 8 GiB, Node 24';
const EARLIER = { ranAt: '2026-11-20T09:00:00.000Z', machine: MACHINE };
const LATER = { ranAt: '2026-11-25T10:00:00.000Z', machine: MACHINE };

const loop = (perSecond: number, p99Ms: number) => ({
  completed: perSecond * 8,
  failed: 0,
  perSecond,
  p50Ms: 10,
  p99Ms,
});
const frontDoor = (perSecond: number): FrontDoorResult => ({
  inFlight: 64,
  variants: {
    'calculator (telemetry on)': loop(perSecond, 40),
    'calculator (telemetry off)': loop(perSecond * 1.1, 38),
    'gRPC server, no database': loop(perSecond * 2, 30),
    'raw pg driver, same transactions': loop(perSecond * 4, 8),
  },
  rateVersusRawDriver: 0.25,
  p99VersusNoDatabase: 40 / 30,
  telemetryCost: 1 - 1 / 1.1,
});
const step = (ratePerSecond: number, bounded: boolean): RateStep => ({
  ratePerSecond,
  durationMs: 60_000,
  ok: ratePerSecond * 60,
  failed: bounded ? 0 : 120,
  skipped: 0,
  maxBacklogLateInStep: bounded ? 100 : 9_000,
  maxDebeziumBacklog: 50,
  bounded,
  peakRssMiB: { calculator: 140, totals: 120 },
});
const latency = (p50Ms: number, p99Ms: number) => ({ ratePerSecond: 1_500, events: 45_000, p50Ms, p99Ms });
const pipeline = (steps: RateStep[]): PipelineResult => {
  const sustained = steps.filter((candidate) => candidate.bounded).at(-1);
  return {
    steps,
    sustainedPerSecond: sustained?.ratePerSecond ?? null,
    peakRssMiB: sustained?.peakRssMiB ?? null,
    endToEnd: {
      ratePerSecond: 1_500,
      rateBasis: 'half the sustained rate',
      warmupMs: 10_000,
      durationMs: 30_000,
      variants: [
        {
          variant: 'poll.interval.ms 10',
          defaulted: [],
          changed: { 'poll.interval.ms': '10' },
          latency: latency(12, 40),
          cpuPerAdditionMs: {
            calculator: 0.5,
            postgres: 0.4,
            connect: 0.61,
            kafka: 0.2,
            totals: 0.3,
            prometheus: 9,
          },
        },
        { variant: 'tuned', defaulted: [], latency: latency(44, 103) },
        {
          variant: 'poll.interval.ms back to 500',
          defaulted: ['poll.interval.ms'],
          latency: latency(510, 1_414),
        },
        {
          variant: 'all three at defaults',
          defaulted: ['poll.interval.ms', 'max.batch.size', 'max.queue.size'],
          latency: latency(506, 1_330),
        },
      ],
    },
  };
};
const row = (markdown: string, measure: string) =>
  markdown.split('\n').find((line) => line.startsWith(`| ${measure}`)) ?? `(no row starting ${measure})`;

describe('the benchmark report', () => {
  it('divides the pipeline rate by the front door when one run measured both', () => {
    const markdown = renderMarkdown({
      frontDoor: { ...frontDoor(4_000), ...LATER },
      pipeline: { ...pipeline([step(2_000, true), step(3_000, true), step(3_750, false)]), ...LATER },
    });
    expect(markdown.startsWith(`Measured ${LATER.ranAt} on ${MACHINE}.`)).toBe(true);
    expect(row(markdown, 'Pipeline sustained rate')).toContain(
      '| 3,000/s | front door: 4,000/s | 0.75x | ≥ 0.9x: not met |',
    );
  });

  it('never divides figures of two runs, and dates each row', () => {
    const markdown = renderMarkdown({
      frontDoor: { ...frontDoor(2_337), ...LATER },
      pipeline: { ...pipeline([step(3_054, true), step(3_818, false)]), ...EARLIER },
    });
    const sustained = row(markdown, 'Pipeline sustained rate');
    expect(sustained).toContain(`(measured ${EARLIER.ranAt})`);
    expect(sustained).toContain(`front door measured in another run (${LATER.ranAt}): not compared`);
    expect(sustained).not.toMatch(/\d\.\d\dx/);
    expect(sustained).not.toMatch(/met/);
    expect(row(markdown, 'Durable Add, 64 in flight')).toContain(`(measured ${LATER.ranAt})`);
    expect(markdown).toContain('Figures from 2 runs');
  });

  it('keeps a section measured earlier with its date when another section is run again', () => {
    const earlier = JSON.parse(
      JSON.stringify({
        frontDoor: { ...frontDoor(4_000), ...EARLIER },
        pipeline: { ...pipeline([step(3_054, true)]), ...EARLIER },
      }),
    ) as Record<string, unknown>;
    const { results, dropped } = mergeResults(earlier, { frontDoor: { ...frontDoor(2_337), ...LATER } });
    expect(dropped).toEqual([]);
    expect(results.frontDoor?.ranAt).toBe(LATER.ranAt);
    expect(results.frontDoor?.variants['calculator (telemetry on)'].perSecond).toBe(2_337);
    expect(results.pipeline?.ranAt).toBe(EARLIER.ranAt);
    expect(row(renderMarkdown(results), 'Pipeline sustained rate')).toContain('not compared');
  });

  it('drops a kept section that does not say when it was measured', () => {
    const undated = { pipeline: pipeline([step(3_054, true)]), ranAt: EARLIER.ranAt } as Record<
      string,
      unknown
    >;
    const { results, dropped } = mergeResults(undated, { frontDoor: { ...frontDoor(4_000), ...LATER } });
    expect(dropped).toEqual(['pipeline']);
    expect(results.pipeline).toBeUndefined();
  });

  it('says no rate was sustained when every step fell behind, and keeps the memory rows without a figure', () => {
    const results: BenchResults = {
      frontDoor: { ...frontDoor(4_000), ...LATER },
      pipeline: { ...pipeline([step(1_000, false), step(800, false)]), ...LATER },
    };
    const markdown = renderMarkdown(results);
    const sustained = row(markdown, 'Pipeline sustained rate');
    expect(sustained).toContain('none: every rate fell behind, down to 800/s');
    expect(sustained).toContain('not met (no rate sustained)');
    expect(sustained).not.toContain('| 1,000/s |');
    expect(row(markdown, 'Pipeline: first rate not kept up')).toContain('| 800/s: 120 calls failed');
    for (const service of ['calculator', 'totals'])
      expect(row(markdown, `Peak RSS at the sustained rate, ${service}`)).toBe(
        `| Peak RSS at the sustained rate, ${service} | no figure: no rate step kept up |  |  | ≤ 150 MiB: no figure |`,
      );
  });

  it('shows each connector setting put back to its default as a row of its own', () => {
    const markdown = renderMarkdown({ pipeline: { ...pipeline([step(3_000, true)]), ...LATER } });
    // A run from before CPU was read has empty CPU cells; the parts that only watch are not summed.
    expect(markdown).toContain('| tuned | 44.0 ms | 103.0 ms | 45,000 |  |  |');
    expect(markdown).toContain('| poll.interval.ms back to 500 | 510.0 ms | 1414.0 ms | 45,000 |  |  |');
    expect(markdown).toContain('| poll.interval.ms 10 | 12.0 ms | 40.0 ms | 45,000 | 0.61 ms | 2.01 ms |');
    // The tuned config, not the first variant that defaults nothing, is the one judged.
    expect(row(markdown, 'End-to-end at 1,500/s')).toContain('p50 44.0 ms, p99 103.0 ms');
    expect(row(markdown, 'End-to-end at 1,500/s')).toContain(
      "every tuned setting at Debezium's default: p50 506.0 ms, p99 1330.0 ms",
    );
  });

  it('shows the cost of security as secured over its plaintext twin, judged against 15%', () => {
    const markdown = renderMarkdown({
      security: {
        durableAdd: { inFlight: 64, secured: loop(900, 50), plaintext: loop(1_000, 45), cost: 0.1 },
        pipeline: {
          secured: [step(400, true), step(500, false)],
          plaintext: [step(400, true), step(500, true), step(625, false)],
          securedSustained: 400,
          plaintextSustained: 500,
          cost: 0.2,
        },
        ...LATER,
      },
    });
    expect(row(markdown, 'Cost of security: durable Add')).toBe(
      '| Cost of security: durable Add, 64 in flight | secured twin: 900/s, 10% of throughput | plaintext twin (STACK_SECURITY=off): 1,000/s | 0.90x | ≤ 15%: met |',
    );
    expect(row(markdown, 'Cost of security: pipeline')).toBe(
      '| Cost of security: pipeline sustained rate | secured twin: 400/s sustained, 20% of throughput | plaintext twin: 500/s | 0.80x | ≤ 15%: not met |',
    );
  });

  it("shows what the chaos runs' fault proxies cost, proxied twin over direct, as information", () => {
    const markdown = renderMarkdown({
      faultProxies: {
        durableAdd: { inFlight: 64, with: loop(800, 60), without: loop(1_000, 45), cost: 0.2 },
        pipeline: {
          with: [step(400, true), step(500, false)],
          without: [step(400, true), step(500, false)],
          withSustained: 400,
          withoutSustained: 400,
          cost: 0,
        },
        ...LATER,
      },
    });
    expect(row(markdown, 'Cost of the fault proxies: durable Add')).toMatch(
      /^\| Cost of the fault proxies: durable Add, 64 in flight \| proxied twin: 800\/s, p50 [0-9.]+ ms, p99 60\.0 ms, 20% of throughput \| direct twin: 1,000\/s, p50 [0-9.]+ ms, p99 45\.0 ms \| 0\.80x \| {2}\|$/,
    );
    expect(row(markdown, 'Cost of the fault proxies: pipeline')).toBe(
      '| Cost of the fault proxies: pipeline sustained rate | proxied twin: 400/s sustained, 0% of throughput | direct twin: 400/s | 1.00x |  |',
    );
  });

  it('shows the CPU per addition of each part beside the load generator, judged against the targets', () => {
    const markdown = renderMarkdown({
      cost: {
        rates: [
          {
            ratePerSecond: 250,
            durationMs: 60_000,
            additions: 15_000,
            perAdditionMs: {
              calculator: 0.85,
              postgres: 0.6,
              connect: 0.38,
              kafka: 0.25,
              totals: 0.23,
              'otel-collector': 0.1,
              prometheus: 0.02,
              'postgres-exporter': 0.01,
            },
            pipelineTotalMs: 2.31,
            loadGeneratorMs: 0.58,
          },
        ],
        ...LATER,
      },
    });
    expect(row(markdown, 'CPU per addition at 250/s')).toBe(
      '| CPU per addition at 250/s | 2.31 ms: calculator 0.85 ms, postgres 0.60 ms, connect 0.38 ms, kafka 0.25 ms, totals 0.23 ms | ' +
        'apart: load generator 0.58 ms; watching: otel-collector 0.10 ms, prometheus 0.02 ms, postgres-exporter 0.01 ms |  | ' +
        '≤ 1.0 ms, calculator ≤ 0.3 ms, totals ≤ 0.1 ms: not met |',
    );
  });

  it("judges the totals keeper's catch-up against the bare pg driver, the kafkajs consumer beside it", () => {
    const consumer = (totalsKeeperPerSecond: number) => ({
      events: 30_000,
      totalsKeeperPerSecond,
      barePgPerSecond: 10_000,
      bareKafkajsPerSecond: 60_000,
      ratio: totalsKeeperPerSecond / 10_000,
      ...LATER,
    });
    const met = renderMarkdown({ consumer: consumer(8_500) });
    expect(row(met, 'Totals keeper catch-up')).toBe(
      '| Totals keeper catch-up | 8,500/s | bare pg driver, same batches and statement, from memory: 10,000/s | ' +
        '0.85x | ≥ 0.8x: met |',
    );
    expect(row(met, 'Bare kafkajs consumer')).toBe(
      '| Bare kafkajs consumer, same records (information) | 60,000/s | decodes each record, no database |  |  |',
    );
    expect(row(renderMarkdown({ consumer: consumer(7_000) }), 'Totals keeper catch-up')).toContain(
      '| 0.70x | ≥ 0.8x: not met |',
    );
  });

  it('shows a catch-up measured before the bare pg ceiling against the kafkajs consumer, as it was judged', () => {
    const markdown = renderMarkdown({
      consumer: {
        events: 31_849,
        totalsKeeperPerSecond: 8_000,
        bareKafkajsPerSecond: 64_000,
        ratio: 0.125,
        ...EARLIER,
      },
    });
    expect(row(markdown, 'Totals keeper catch-up')).toBe(
      '| Totals keeper catch-up | 8,000/s | bare kafkajs consumer: 64,000/s | 0.13x | ≥ 0.5x: not met |',
    );
    expect(row(markdown, 'Bare kafkajs consumer')).toBe('(no row starting Bare kafkajs consumer)');
  });
});
