import type { Measured, PipelineResult } from './bench-results.ts';
import { pipelineCpuMs } from './cost-section.ts';
import { count, cpuMs, ms, rate } from './report-format.ts';

/** The connector's tuned settings put back to Debezium's defaults one at a time, as a markdown table. */
export function renderConnectorVariants(pipeline: Measured<PipelineResult>, dated: boolean): string[] {
  const { endToEnd } = pipeline;
  return [
    `${dated ? `Measured ${pipeline.ranAt}: e` : 'E'}nd-to-end latency per connector setting (the tuned config, other poll intervals, then its tuned settings put back to ` +
      `Debezium's defaults), with what each addition cost in CPU meanwhile: ${rate(endToEnd.ratePerSecond)} (${endToEnd.rateBasis}) for ` +
      `${endToEnd.durationMs / 1000} s each, ` +
      (endToEnd.warmupMs > 0
        ? `after ${endToEnd.warmupMs / 1000} s of warm-up once the connector runs with the setting.`
        : 'measured from the moment the connector runs with the setting.'),
    '',
    '| Connector | End-to-end p50 | End-to-end p99 | Events | CPU per addition: Connect | CPU per addition: all parts |',
    '|---|---|---|---|---|---|',
    ...endToEnd.variants.map(
      ({ variant, latency, cpuPerAdditionMs }) =>
        `| ${variant} | ${ms(latency.p50Ms)} | ${ms(latency.p99Ms)} | ${count(latency.events)} | ` +
        `${cpuPerAdditionMs?.connect === undefined ? '' : cpuMs(cpuPerAdditionMs.connect)} | ` +
        `${cpuPerAdditionMs ? cpuMs(pipelineCpuMs(cpuPerAdditionMs)) : ''} |`,
    ),
  ];
}
