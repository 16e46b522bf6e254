import type { IdleWalResult } from './idle-wal.ts';
import { type IdleWalVerdict, retainedRatio } from './idle-wal-verdict.ts';

const mib = (value: number | null) => (value === null ? '**missing**' : `${value}`);

/** The samples and the verdict, as docs/reliability.md shows them. */
export function renderIdleWalReport(
  result: IdleWalResult,
  verdict: IdleWalVerdict,
  ranAt: string,
  machine: string,
): string {
  const rows = result.samples.map((sample) => {
    const ratio = retainedRatio(sample);
    return `| ${sample.atSeconds} | ${sample.writtenMiB} | ${mib(sample.connectorRetainedMiB)} | ${mib(sample.controlRetainedMiB)} | ${ratio === null ? '-' : `${ratio}x`} |`;
  });
  return [
    `Idle-WAL run of ${ranAt} on ${machine}: the outbox idle for ${result.durationSeconds} s while another database wrote about ${result.writeMiBPerSecond} MiB/s of WAL; beside the connector's slot, a control slot nobody consumes.`,
    '',
    '| at (s) | WAL written (MiB) | retained by the connector slot (MiB) | retained by the control slot (MiB) | ratio |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Verdict: ${verdict.summary}.`,
    '',
  ].join('\n');
}
