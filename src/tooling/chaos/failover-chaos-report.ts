import { type ChaosVerdict, renderVerdict } from './chaos-verdict.ts';
import { failoverRunName } from './failover-plan.ts';
import { describeSlot, type FailoverChaosResult } from './run-failover-chaos.ts';

const orNever = (value: number | undefined) => (value === undefined ? '**never**' : String(value));

/** The failover table, what the run lost if anything, and the verdict, as docs/failover.md shows them. */
export function renderFailoverChaosReport(
  result: FailoverChaosResult,
  verdict: ChaosVerdict,
  ranAt: string,
  machine: string,
): string {
  const rows = result.failovers.map(
    (failover, index) =>
      `| ${index + 1} | ${failover.from} → ${failover.to} | ${failover.atSeconds} | ${failover.standbyCutSeconds} | ${failover.promotedAfterSeconds} | ${failover.switchedAfterSeconds} | ${orNever(failover.firstEventAppliedAfterSeconds)} | ${orNever(failover.caughtUpAfterSeconds)} | ${failover.peakBacklog} | ${failover.failedCalls} | ${describeSlot(failover.slotAfterPromotion)} | ${failover.slotsMadeByConnector} / ${failover.snapshotsRun} | ${failover.rebuiltAfterSeconds ?? '**not rebuilt**'} | ${[failover.problem ? `**${failover.problem}**` : '', failover.collateralRestarts.length > 0 ? `**also restarted: ${failover.collateralRestarts.join(', ')}**` : ''].filter(Boolean).join('; ')} |`,
  );
  const r = result.reconciliation;
  return [
    `Postgres ${failoverRunName(result)} chaos run of ${ranAt} on ${machine}: seed ${result.seed}, steady load of ${result.ratePerSecond} additions/s, ${result.replication} replication, the connector's slot ${result.failoverSlot ? 'a failover slot' : '**not** a failover slot'}, ${result.failovers.length} failovers.`,
    '',
    '| # | primary killed → promoted | at (s) | standby cut off before the kill (s) | promoted after (s) | switch moved after (s) | first event applied after (s) | lag back to zero after (s) | peak backlog | failed client calls (retried) | connector slot on the new primary | slots made / snapshots run by the connector | old primary rebuilt as standby in (s) | |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Answered OK: ${result.confirmed}; of those not in the calculator's table: ${result.confirmedMissingFromCalculator}. Calculations ${r.calculations}, applied events ${r.appliedEvents}: ${r.missing.length} never applied, ${r.duplicated.length} applied twice, ${r.unexpected.length} applied with no calculation.`,
    '',
    ...renderVerdict(
      verdict,
      result,
      `Each failover cuts the standby off from the primary (its replication link closed), kills the primary with SIGKILL while it is cut off, promotes the standby and moves the switch every client reaches Postgres through, then rebuilds the old primary from a base copy as the new standby. Times count from the kill. "First event applied": an addition answered after the kill had been applied by the totals keeper.`,
    ),
    '',
  ].join('\n');
}
