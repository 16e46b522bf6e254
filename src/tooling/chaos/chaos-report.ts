import { type ChaosVerdict, renderVerdict } from './chaos-verdict.ts';
import type { ChaosResult } from './run-chaos.ts';

function counts(result: ChaosResult): string {
  const network = result.faults.filter((fault) => fault.type === 'network').length;
  const processes = result.faults.length - network;
  return `${result.faults.length} faults (${processes} process, ${network} network)`;
}

/** The fault table and the verdict's invariants, as docs/reliability.md shows them. */
export function renderChaosReport(
  result: ChaosResult,
  verdict: ChaosVerdict,
  ranAt: string,
  machine: string,
): string {
  const rows = result.faults.map((fault, index) => {
    const notes: string[] = [];
    if (fault.problem) notes.push(`**${fault.problem}**`);
    if (fault.collateralRestarts.length > 0)
      notes.push(`**also restarted: ${fault.collateralRestarts.join(', ')}**`);
    if (fault.figures) notes.push(fault.figures);
    if (fault.signal === 'SIGTERM') {
      notes.push(`${fault.callsCutOff ?? 0} calls cut off mid-flight`);
      notes.push(`${fault.errorLines?.length ?? 0} error lines logged`);
    }
    const target = fault.type === 'process' ? fault.part : `${fault.link}`;
    const what = fault.type === 'process' ? fault.signal : fault.kind;
    const held = fault.heldSeconds ?? '';
    const noticed = fault.type === 'process' ? '' : (fault.detectedAfterSeconds ?? 'not noticed');
    return `| ${index + 1} | ${what} | ${target} | ${fault.atSeconds} | ${held} | ${noticed} | ${fault.backAfterSeconds ?? 'never'} | ${fault.caughtUpAfterSeconds ?? 'never'} | ${fault.peakBacklog} | ${fault.failedCalls} | ${notes.join(', ')} |`;
  });
  return [
    `Chaos run of ${ranAt} on ${machine}: seed ${result.seed}, steady load of ${result.ratePerSecond} additions/s, ${counts(result)}${result.throughFaultProxies ? ', every network hop through Toxiproxy' : ''}.`,
    '',
    '| # | fault | part or link | at (s) | held (s) | noticed after (s) | back after (s) | lag back to zero after (s) | peak backlog | failed client calls (retried) | |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...renderVerdict(
      verdict,
      result,
      `"Noticed" counts from the fault's start; "back" and "lag back to zero" from its end: the signal, or a network fault's removal. "Noticed" is the client's first warning or error line; "back" is, for a process, its readiness probe passing again and, for a link, an addition answered after the removal being applied by the totals keeper. "Lag back to zero" means fewer than a second's worth of input committed in the calculator and not yet applied by the totals keeper.`,
    ),
    '',
  ].join('\n');
}
