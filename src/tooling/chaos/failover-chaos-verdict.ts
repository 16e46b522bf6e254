import {
  answeredOkIsCommitted,
  type ChaosVerdict,
  check,
  exactlyOnce,
  exactTotal,
  verdictOf,
} from './chaos-verdict.ts';
import { LAG_BOUND_SECONDS } from './run-chaos.ts';
import type { FailoverChaosResult, FailoverResult } from './run-failover-chaos.ts';

function perFailover(
  result: FailoverChaosResult,
  breach: (failover: FailoverResult) => string | undefined,
): string[] {
  return result.failovers.flatMap((failover, index) => {
    const what = breach(failover);
    return what ? [`failover ${index + 1} (${failover.name}) ${what}`] : [];
  });
}

/**
 * The judgement of `npm run chaos -- --failover`: every chaos run's end checks, and those of a failover:
 * the connector came back on the slot the standby had kept, without a new slot or a snapshot, and the
 * pipeline flowed again within the bound.
 */
export function judgeFailoverChaos(result: FailoverChaosResult): ChaosVerdict {
  return verdictOf(result, [
    answeredOkIsCommitted(result),
    exactlyOnce(result),
    exactTotal(result),
    check(
      'failed over',
      `every planned failover ran: the primary killed, the standby promoted, the old primary rebuilt as the new standby (${result.failovers.length} of ${result.plannedFailovers})`,
      [
        ...(result.failovers.length < result.plannedFailovers
          ? [`only ${result.failovers.length} of ${result.plannedFailovers} failovers ran`]
          : []),
        ...perFailover(result, (failover) =>
          failover.problem
            ? `did not complete: ${failover.problem}`
            : failover.rebuiltAfterSeconds === undefined
              ? 'left the old primary unrebuilt'
              : undefined,
        ),
      ],
    ),
    check(
      'slot carried over',
      "on every new primary the connector's slot was there at promotion, synchronized from the standby, and the connector made no slot of its own",
      perFailover(result, (failover) => {
        const slot = failover.slotAfterPromotion;
        if (!slot.exists) return 'found no slot for the connector on the new primary';
        if (!slot.synced)
          return "found a slot on the new primary that was not the standby's synchronized copy";
        if (failover.slotsMadeByConnector > 0)
          return `saw the connector make ${failover.slotsMadeByConnector} slot(s)`;
        return undefined;
      }),
    ),
    check(
      'no snapshot, no step back',
      'the connector ran no snapshot, and its stored position did not move back across any failover',
      perFailover(result, (failover) => {
        if (failover.snapshotsRun > 0) return `saw the connector run ${failover.snapshotsRun} snapshot(s)`;
        const { connectorLsnBefore: before, connectorLsnAfter: after } = failover;
        if (before === undefined || after === undefined)
          return "could not read the connector's stored position";
        if (after < before) return `saw the connector's position move back from ${before} to ${after}`;
        return undefined;
      }),
    ),
    check(
      'events flowed again',
      `after every kill an addition answered on the new primary was applied, and the lag was back to zero within ${LAG_BOUND_SECONDS} s`,
      perFailover(result, (failover) =>
        failover.firstEventAppliedAfterSeconds === undefined
          ? 'never had an addition answered after it applied'
          : failover.caughtUpAfterSeconds === undefined
            ? `left a backlog that was not back to zero ${LAG_BOUND_SECONDS} s after the kill: a hang`
            : undefined,
      ),
    ),
    check(
      'no other part restarted',
      'no failover restarted a part other than the two Postgres nodes',
      perFailover(result, (failover) =>
        failover.collateralRestarts.length > 0
          ? `also restarted ${failover.collateralRestarts.join(', ')}`
          : undefined,
      ),
    ),
  ]);
}
