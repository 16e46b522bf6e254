import { cpus, totalmem } from 'node:os';
import {
  type BenchResults,
  type Measured,
  type PipelineResult,
  type SectionRun,
  sameRun,
} from './bench-results.ts';
import { renderConnectorVariants } from './connector-variants-report.ts';
import type { ConsumerResult } from './consumer-bench.ts';
import { type CostResult, OBSERVING_PARTS, PIPELINE_PARTS } from './cost-section.ts';
import type { FrontDoorResult } from './front-door-bench.ts';
import type { RateStep } from './pipeline-bench.ts';
import { count, ms, rate, ratio, verdict } from './report-format.ts';
import {
  FAULT_PROXY_TWINS,
  SCALE_CALCULATORS_TWINS,
  SCALE_TOTALS_TWINS,
  type SecurityCostResult,
  type TwinComparison,
  type TwinCostResult,
} from './twin-cost.ts';

export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

type Row = [measure: string, result: string, judgedAgainst: string, ratio: string, target: string];

// The services whose memory the pipeline section follows: a row each, with or without a figure.
const SERVICES = ['calculator', 'totals'];

/**
 * The results as the markdown docs/benchmarks.md shows: each figure beside what it is judged against. A ratio
 * is only taken between figures of one run; when the sections come from several runs, each row says
 * when it was measured.
 */
export function renderMarkdown(results: BenchResults): string {
  const sections: SectionRun[] = [];
  for (const section of [
    results.frontDoor,
    results.pipeline,
    results.consumer,
    results.security,
    results.faultProxies,
    results.scaleTotals,
    results.scaleCalculators,
    results.coldStart,
  ])
    if (section) sections.push(section);
  const runs = [...new Set(sections.map((section) => section.ranAt))];
  const dated = (measure: string, section: SectionRun) =>
    runs.length > 1 ? `${measure} (measured ${section.ranAt})` : measure;

  const rows: Row[] = [];
  const {
    frontDoor,
    pipeline,
    cost,
    consumer,
    security,
    faultProxies,
    scaleTotals,
    scaleCalculators,
    coldStart,
  } = results;
  if (frontDoor) {
    const v = frontDoor.variants;
    const on = v['calculator (telemetry on)'];
    const noDatabase = v['gRPC server, no database'];
    rows.push(
      [
        dated(`Durable Add, ${frontDoor.inFlight} in flight`, frontDoor),
        `${rate(on.perSecond)}, p50 ${ms(on.p50Ms)}, p99 ${ms(on.p99Ms)}`,
        `raw pg driver, same transactions: ${rate(v['raw pg driver, same transactions'].perSecond)}`,
        ratio(frontDoor.rateVersusRawDriver),
        `≥ 1.0x: ${verdict(frontDoor.rateVersusRawDriver >= 1)}`,
      ],
      [
        dated('Durable Add p99', frontDoor),
        ms(on.p99Ms),
        `gRPC server without database: p99 ${ms(noDatabase.p99Ms)} (${rate(noDatabase.perSecond)})`,
        ratio(frontDoor.p99VersusNoDatabase),
        `≤ 2x: ${verdict(frontDoor.p99VersusNoDatabase <= 2)}`,
      ],
      [
        dated('Telemetry cost', frontDoor),
        `${(frontDoor.telemetryCost * 100).toFixed(0)}% of throughput`,
        `telemetry off: ${rate(v['calculator (telemetry off)'].perSecond)}`,
        '',
        '',
      ],
    );
  }
  if (pipeline) rows.push(...pipelineRows(pipeline, frontDoor, dated));
  if (cost) rows.push(...costRows(cost, dated));
  if (consumer) rows.push(...consumerRows(consumer, dated));
  if (security) rows.push(...securityRows(security, dated));
  if (faultProxies) rows.push(...twinRows(FAULT_PROXY_TWINS, 'the fault proxies', faultProxies, dated));
  if (scaleTotals) rows.push(...twinRows(SCALE_TOTALS_TWINS, '3 totals keepers', scaleTotals, dated));
  if (scaleCalculators)
    rows.push(...twinRows(SCALE_CALCULATORS_TWINS, '2 calculators', scaleCalculators, dated));
  if (coldStart)
    rows.push([
      dated('Stack cold start to healthy (jars cached)', coldStart),
      `${coldStart.seconds.toFixed(1)} s`,
      '',
      '',
      '',
    ]);

  const header =
    runs.length === 1
      ? `Measured ${runs[0]} on ${sections[0]?.machine}.`
      : `Figures from ${runs.length} runs (${[...new Set(sections.map((section) => section.machine))].join('; ')}): each row says when it was measured, and a figure is only compared with figures of its own run.`;
  const table = [
    '| Measure | Result | Judged against | Ratio | Target |',
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  const variants = pipeline ? ['', ...renderConnectorVariants(pipeline, runs.length > 1)] : [];
  return [header, '', ...table, ...variants, ''].join('\n');
}

function consumerRows(
  consumer: Measured<ConsumerResult>,
  dated: (measure: string, section: SectionRun) => string,
): Row[] {
  const kafkajsRow: Row = [
    dated('Bare kafkajs consumer, same records (information)', consumer),
    rate(consumer.bareKafkajsPerSecond),
    'decodes each record, no database',
    '',
    '',
  ];
  // Runs before the bare pg ceiling was measured judged the keeper against the kafkajs consumer.
  if (consumer.barePgPerSecond === undefined)
    return [
      [
        dated('Totals keeper catch-up', consumer),
        rate(consumer.totalsKeeperPerSecond),
        `bare kafkajs consumer: ${rate(consumer.bareKafkajsPerSecond)}`,
        ratio(consumer.ratio),
        `≥ 0.5x: ${verdict(consumer.ratio >= 0.5)}`,
      ],
    ];
  return [
    [
      dated('Totals keeper catch-up', consumer),
      rate(consumer.totalsKeeperPerSecond),
      `bare pg driver, same batches and statement, from memory: ${rate(consumer.barePgPerSecond)}`,
      ratio(consumer.ratio),
      `≥ 0.8x: ${verdict(consumer.ratio >= 0.8)}`,
    ],
    kafkajsRow,
  ];
}

function pipelineRows(
  pipeline: Measured<PipelineResult>,
  frontDoor: Measured<FrontDoorResult> | undefined,
  dated: (measure: string, section: SectionRun) => string,
): Row[] {
  const { steps, sustainedPerSecond: sustained, endToEnd } = pipeline;
  const stepSeconds = (steps[0]?.durationMs ?? 0) / 1000;
  // The lowest rate that fell behind: with the search going down and bisecting, not the first one measured.
  const brokenAt = steps
    .filter((step) => !step.bounded)
    .reduce<RateStep | undefined>(
      (lowest, step) => (lowest && lowest.ratePerSecond <= step.ratePerSecond ? lowest : step),
      undefined,
    );
  const front = frontDoor?.variants['calculator (telemetry on)'].perSecond;
  let judgedAgainst = '';
  let shareOfFront = '';
  let target = '';
  if (frontDoor && front !== undefined && sameRun(frontDoor, pipeline)) {
    judgedAgainst = `front door: ${rate(front)}`;
    shareOfFront = sustained === null ? '' : ratio(sustained / front);
    target = `≥ 0.9x: ${sustained === null ? 'not met (no rate sustained)' : verdict(sustained / front >= 0.9)}`;
  } else if (frontDoor) {
    judgedAgainst = `front door measured in another run (${frontDoor.ranAt}): not compared`;
  }
  const tuned = endToEnd.variants.find(
    (variant) => variant.defaulted.length === 0 && variant.changed === undefined,
  )?.latency;
  const defaults = endToEnd.variants.reduce<(typeof endToEnd.variants)[number] | undefined>(
    (most, variant) => (variant.defaulted.length > (most?.defaulted.length ?? 0) ? variant : most),
    undefined,
  )?.latency;
  const rows: Row[] = [
    [
      dated(`Pipeline sustained rate (lags bounded ${stepSeconds} s)`, pipeline),
      sustained === null
        ? `none: every rate fell behind, down to ${rate(Math.min(...steps.map((step) => step.ratePerSecond)))}`
        : rate(sustained),
      judgedAgainst,
      shareOfFront,
      target,
    ],
    [
      dated('Pipeline: first rate not kept up', pipeline),
      brokenAt
        ? `${rate(brokenAt.ratePerSecond)}: ${count(brokenAt.failed)} calls failed, ${count(brokenAt.skipped)} not sent, ` +
          `backlog up to ${count(brokenAt.maxBacklogLateInStep)} late in the step (not yet in Kafka: up to ${count(brokenAt.maxDebeziumBacklog)})`
        : `none: every step kept up, up to ${rate(Math.max(...steps.map((step) => step.ratePerSecond)))}`,
      '',
      '',
      '',
    ],
  ];
  if (tuned)
    rows.push([
      dated(`End-to-end at ${rate(endToEnd.ratePerSecond)} (${endToEnd.rateBasis})`, pipeline),
      `p50 ${ms(tuned.p50Ms)}, p99 ${ms(tuned.p99Ms)}`,
      defaults
        ? `every tuned setting at Debezium's default: p50 ${ms(defaults.p50Ms)}, p99 ${ms(defaults.p99Ms)}`
        : '',
      '',
      `p50 ≤ 25 ms, p99 ≤ 100 ms: ${verdict(tuned.p50Ms <= 25 && tuned.p99Ms <= 100)}`,
    ]);
  for (const service of SERVICES) {
    const mib = pipeline.peakRssMiB?.[service];
    rows.push([
      dated(`Peak RSS at the sustained rate, ${service}`, pipeline),
      mib === undefined
        ? `no figure: ${sustained === null ? 'no rate step kept up' : 'not sampled'}`
        : `${mib.toFixed(0)} MiB`,
      '',
      '',
      `≤ 150 MiB: ${mib === undefined ? 'no figure' : verdict(mib <= 150)}`,
    ]);
  }
  return rows;
}

/** Security's share of throughput: the secured twin over the plaintext one of the same run; the target is ≤ 15%. */
function securityRows(
  security: Measured<SecurityCostResult>,
  dated: (measure: string, section: SectionRun) => string,
): Row[] {
  const percent = (cost: number) => `${(cost * 100).toFixed(0)}% of throughput`;
  const { durableAdd, pipeline } = security;
  const pipelineResult =
    pipeline.securedSustained === null
      ? 'none sustained'
      : `secured twin: ${rate(pipeline.securedSustained)} sustained, ${pipeline.cost === null ? 'no cost figure' : percent(pipeline.cost)}`;
  return [
    [
      dated(`Cost of security: durable Add, ${durableAdd.inFlight} in flight`, security),
      `secured twin: ${rate(durableAdd.secured.perSecond)}, ${percent(durableAdd.cost)}`,
      `plaintext twin (STACK_SECURITY=off): ${rate(durableAdd.plaintext.perSecond)}`,
      ratio(durableAdd.secured.perSecond / durableAdd.plaintext.perSecond),
      `≤ 15%: ${verdict(durableAdd.cost <= 0.15)}`,
    ],
    [
      dated('Cost of security: pipeline sustained rate', security),
      pipelineResult,
      `plaintext twin: ${pipeline.plaintextSustained === null ? 'none sustained' : rate(pipeline.plaintextSustained)}`,
      pipeline.cost === null ? '' : ratio(1 - pipeline.cost),
      `≤ 15%: ${pipeline.cost === null ? 'no figure' : verdict(pipeline.cost <= 0.15)}`,
    ],
  ];
}

/**
 * What the chaos runs' Toxiproxy costs on every hop: the proxied twin over the direct one of the same
 * run. Information, not a target: the proxies stand only in a stack started for fault injection.
 */
/** The rows of a twin comparison: durable Add and the sustained pipeline rate, with it and without. */
function twinRows(
  twins: TwinComparison,
  /** What the comparison costs: "the fault proxies", "3 totals keepers". */
  difference: string,
  measured: Measured<TwinCostResult>,
  dated: (measure: string, section: SectionRun) => string,
): Row[] {
  // A difference can cost throughput or, as several processes can on a busy machine, give some.
  const percent = (cost: number) =>
    cost < 0 ? `${(-cost * 100).toFixed(0)}% more throughput` : `${(cost * 100).toFixed(0)}% of throughput`;
  const { durableAdd, pipeline } = measured;
  const latency = (result: TwinCostResult['durableAdd']['with']) =>
    `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms`;
  const shares = (list: number[] | undefined) =>
    list && list.length > 1
      ? `; applied by its keepers ${list.map((share) => `${Math.round(share * 100)}%`).join(' / ')}`
      : '';
  return [
    [
      dated(`Cost of ${difference}: durable Add, ${durableAdd.inFlight} in flight`, measured),
      `${twins.with.name} twin: ${rate(durableAdd.with.perSecond)}, ${latency(durableAdd.with)}, ${percent(durableAdd.cost)}`,
      `${twins.without.name} twin: ${rate(durableAdd.without.perSecond)}, ${latency(durableAdd.without)}`,
      ratio(durableAdd.with.perSecond / durableAdd.without.perSecond),
      '',
    ],
    [
      dated(`Cost of ${difference}: pipeline sustained rate`, measured),
      pipeline.withSustained === null
        ? 'none sustained'
        : `${twins.with.name} twin: ${rate(pipeline.withSustained)} sustained, ${pipeline.cost === null ? 'no cost figure' : percent(pipeline.cost)}${shares(pipeline.withAppliedShares)}`,
      `${twins.without.name} twin: ${pipeline.withoutSustained === null ? 'none sustained' : rate(pipeline.withoutSustained)}`,
      pipeline.cost === null ? '' : ratio(1 - pipeline.cost),
      '',
    ],
  ];
}

/** CPU per addition, part by part, judged against the targets: whole pipeline, calculator, totals keeper. */
function costRows(
  cost: Measured<CostResult>,
  dated: (measure: string, section: SectionRun) => string,
): Row[] {
  const cpu = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(2)} ms`);
  return cost.rates.map((measured) => {
    const part = (name: string) => measured.perAdditionMs[name];
    const parts = PIPELINE_PARTS.filter((name) => part(name) !== undefined)
      .map((name) => `${name} ${cpu(part(name))}`)
      .join(', ');
    const watching = OBSERVING_PARTS.filter((name) => part(name) !== undefined)
      .map((name) => `${name} ${cpu(part(name))}`)
      .join(', ');
    const met =
      measured.pipelineTotalMs <= 1 && (part('calculator') ?? 0) <= 0.3 && (part('totals') ?? 0) <= 0.1;
    return [
      dated(`CPU per addition at ${rate(measured.ratePerSecond)}`, cost),
      `${cpu(measured.pipelineTotalMs)}: ${parts}`,
      `apart: load generator ${cpu(measured.loadGeneratorMs)}; watching: ${watching}`,
      '',
      `≤ 1.0 ms, calculator ≤ 0.3 ms, totals ≤ 0.1 ms: ${verdict(met)}`,
    ];
  });
}
