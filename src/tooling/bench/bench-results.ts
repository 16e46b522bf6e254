import type { ConsumerResult } from './consumer-bench.ts';
import type { CostResult } from './cost-section.ts';
import type { FrontDoorResult } from './front-door-bench.ts';
import type { LatencyRun, RateStep } from './pipeline-bench.ts';
import type { SecurityCostResult, TwinCostResult } from './twin-cost.ts';

/** When and where a section was measured: figures are only ever compared within one run. */
export interface SectionRun {
  ranAt: string;
  machine: string;
}

export type Measured<T> = T & SectionRun;

export interface ConnectorVariantLatency {
  variant: string;
  /** Tuned settings left to Debezium's defaults in this run. */
  defaulted: string[];
  /** Tuned settings given another value in this run. */
  changed?: Record<string, string>;
  latency: LatencyRun;
  /** CPU-milliseconds per addition of each pipeline part over the measured run (older runs lack it). */
  cpuPerAdditionMs?: Record<string, number>;
}

export interface PipelineResult {
  steps: RateStep[];
  /** Highest step rate the pipeline kept up with; null when the first step already fell behind. */
  sustainedPerSecond: number | null;
  /** Each service's peak RSS during the sustained step; null when no step kept up. */
  peakRssMiB: Record<string, number> | null;
  endToEnd: {
    ratePerSecond: number;
    /** Why this rate: half the sustained one, half the first step's when none was sustained, or set. */
    rateBasis: string;
    warmupMs: number;
    durationMs: number;
    variants: ConnectorVariantLatency[];
  };
}

export interface BenchResults {
  frontDoor?: Measured<FrontDoorResult>;
  pipeline?: Measured<PipelineResult>;
  cost?: Measured<CostResult>;
  consumer?: Measured<ConsumerResult>;
  security?: Measured<SecurityCostResult>;
  faultProxies?: Measured<TwinCostResult>;
  scaleTotals?: Measured<TwinCostResult>;
  scaleCalculators?: Measured<TwinCostResult>;
  coldStart?: Measured<{ seconds: number }>;
}

export const RESULT_SECTIONS = [
  'frontDoor',
  'pipeline',
  'cost',
  'consumer',
  'security',
  'faultProxies',
  'scaleTotals',
  'scaleCalculators',
  'coldStart',
] as const;

/** Whether two sections' figures come from one run, so one may be divided by the other. */
export function sameRun(a: SectionRun, b: SectionRun): boolean {
  return a.ranAt === b.ranAt;
}

/**
 * The results after running some sections again: what this run measured replaces the earlier figures
 * of those sections; the others stay, each with the date of the run that measured it. A kept section
 * without its own date cannot say which run it came from and is dropped.
 */
export function mergeResults(
  earlier: Record<string, unknown>,
  fresh: BenchResults,
): { results: BenchResults; dropped: string[] } {
  const results: BenchResults = {};
  const dropped: string[] = [];
  for (const section of RESULT_SECTIONS) {
    const latest = fresh[section] ?? earlier[section];
    if (latest === undefined) continue;
    if (typeof (latest as Partial<SectionRun>).ranAt === 'string')
      Object.assign(results, { [section]: latest });
    else dropped.push(section);
  }
  return { results, dropped };
}
