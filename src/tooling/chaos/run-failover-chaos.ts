import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaConnectClient } from '../../services/jobs/kafka-connect-client.ts';
import { CONNECTOR } from '../bench/connector-variants.ts';
import { countCalculationsById, reconcileWithin } from '../reconciliation/reconcile.ts';
import { nodeAdminUrl } from '../stack/database-urls.ts';
import { CONNECTOR_SLOT, readSlot, type SlotState, setSlotFailover } from '../stack/failover-slot.ts';
import { openServiceDatabases } from '../stack/local-databases.ts';
import { withPgClient } from '../stack/pg-client.ts';
import { failOver, killNode } from '../stack/postgres-failover.ts';
import { type PostgresNode, primaryNode, standbyNode } from '../stack/postgres-nodes.ts';
import { attachStandby, type ReplicationMode, waitForSynchronizedSlot } from '../stack/postgres-standby.ts';
import { setReplicationLink } from '../stack/postgres-switch.ts';
import { waitUntil } from '../stack/readiness-probes.ts';
import { calculatorTarget } from '../stack/stack-grpc.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { bringUpPart } from '../stack/stack-up.ts';
import type { EndOfRun } from './chaos-verdict.ts';
import type { FailoverRunPlan } from './failover-plan.ts';
import { pipelineFlowsAgain, sampleBacklog, waitForCatchUp } from './fault-watch.ts';
import { linesMatchingSince, logSize } from './log-lines.ts';
import { processesRestarted, readProcessLives } from './part-lives.ts';
import { LAG_BOUND_SECONDS } from './run-chaos.ts';
import { SteadyLoad } from './steady-load.ts';

export interface FailoverResult {
  /** "SIGKILL postgres (primary), promote postgres-2". */
  name: string;
  from: string;
  to: string;
  atSeconds: number;
  /** How long the standby had been cut off from the primary when the primary was killed. */
  standbyCutSeconds: number;
  /** From the kill until the standby accepted writes, and until the switch led to it. */
  promotedAfterSeconds: number;
  switchedAfterSeconds: number;
  /** From the kill until an addition answered after it had been applied by the totals keeper. */
  firstEventAppliedAfterSeconds: number | undefined;
  /** From the kill until the backlog was under a second of input again. */
  caughtUpAfterSeconds: number | undefined;
  peakBacklog: number;
  failedCalls: number;
  /** The connector's slot on the new primary right after promotion, before the connector came back. */
  slotAfterPromotion: SlotState;
  /** The standby's copy of the slot just before the kill, and the primary's own. */
  syncedSlotLsnBeforeKill: string | null;
  primarySlotLsnBeforeKill: string | null;
  /** Debezium's stored position (its committed source offset) before the kill and once caught up. */
  connectorLsnBefore: number | undefined;
  connectorLsnAfter: number | undefined;
  /** Lines in Connect's log, from the kill until caught up: slots the connector made, snapshots it ran. */
  slotsMadeByConnector: number;
  snapshotsRun: number;
  /** The old primary made the new standby: its base copy, and how long until it streamed in the mode asked. */
  rebuiltAfterSeconds: number | undefined;
  /** Other parts that restarted from before the failover until caught up (the two nodes excepted). */
  collateralRestarts: string[];
  problem?: string;
}

export interface FailoverChaosResult extends EndOfRun {
  seed: number;
  ratePerSecond: number;
  replication: ReplicationMode;
  failoverSlot: boolean;
  plannedFailovers: number;
  failovers: FailoverResult[];
  abandoned: number;
  stuckAtStop: number;
}

const SLOT_READY_TIMEOUT_MS = 120_000;

/**
 * Steady load while the primary is killed and the standby promoted, again and again; then the end checks
 * of every chaos run, and what `judgeFailoverChaos` needs to tell whether the slot came over.
 */
export async function runFailoverChaos(
  settings: StackSettings,
  secrets: StackSecrets,
  plan: FailoverRunPlan,
  log: (line: string) => void,
): Promise<FailoverChaosResult> {
  const connect = new KafkaConnectClient(settings.connectUrl);
  const connectLog = path.join(settings.logDir, 'connect.log');
  await setUp(settings, secrets, plan, connect, log);
  const databases = openServiceDatabases();
  const load = new SteadyLoad(calculatorTarget(settings), plan.ratePerSecond, plan.seed);
  const caughtUpThreshold = Math.max(10, plan.ratePerSecond);
  const results: FailoverResult[] = [];
  const startedAt = performance.now();
  const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;
  try {
    load.start();
    for (const [index, step] of plan.steps.entries()) {
      await sleep(step.quietBeforeMs);
      const from = primaryNode(settings);
      const to = standbyNode(settings);
      if (plan.failoverSlot)
        await waitForSynchronizedSlot(settings, secrets, to, CONNECTOR_SLOT, SLOT_READY_TIMEOUT_MS);
      else await makeSlotFailover(settings, secrets, from, connect, false);
      const name = `SIGKILL ${from.name} (primary), promote ${to.name}`;
      log(
        `failover ${index + 1}/${plan.steps.length}: standby cut off for ${step.standbyCutMs} ms, then ${name}`,
      );
      const livesBefore = await readProcessLives(settings);
      const logOffset = logSize(connectLog);
      const connectorLsnBefore = await connectorLsn(connect);
      const primarySlot = await slotOn(settings, secrets, from);
      const syncedSlot = await slotOn(settings, secrets, to);
      const cutAt = performance.now();
      await setReplicationLink(settings, false);
      await sleep(step.standbyCutMs);
      const killedAt = performance.now();
      const backlog = sampleBacklog(databases);
      let problem: string | undefined;
      let promotedAt = killedAt;
      let switchedAt = killedAt;
      let slotAfterPromotion: SlotState = emptySlot();
      let rebuiltAfterSeconds: number | undefined;
      let firstApplied: number | undefined;
      try {
        await killNode(settings, from);
        const failover = await failOver(settings, secrets);
        promotedAt = killedAt + failover.promotedAfterMs;
        switchedAt = killedAt + failover.switchedAfterMs;
        slotAfterPromotion = await slotOn(settings, secrets, to);
        firstApplied = await pipelineFlowsAgain(databases, load, killedAt, LAG_BOUND_SECONDS * 1000);
        const rebuildStarted = performance.now();
        await bringUpPart(settings, from.name, (line) => log(`  ${line}`));
        if (plan.replication === 'asynchronous')
          await attachStandby(settings, secrets, to, from, 'asynchronous');
        rebuiltAfterSeconds = seconds(rebuildStarted, performance.now());
      } catch (error) {
        problem = (error as Error).message;
      } finally {
        await setReplicationLink(settings, true).catch(() => {});
      }
      const caughtUp = await waitForCatchUp(
        databases,
        caughtUpThreshold,
        Math.max(0, killedAt + LAG_BOUND_SECONDS * 1000 - performance.now()),
      );
      const peakBacklog = backlog.stop();
      const result: FailoverResult = {
        name,
        from: from.name,
        to: to.name,
        atSeconds: seconds(startedAt, killedAt),
        standbyCutSeconds: seconds(cutAt, killedAt),
        promotedAfterSeconds: seconds(killedAt, promotedAt),
        switchedAfterSeconds: seconds(killedAt, switchedAt),
        firstEventAppliedAfterSeconds:
          firstApplied === undefined ? undefined : seconds(killedAt, firstApplied),
        caughtUpAfterSeconds: caughtUp === undefined ? undefined : seconds(killedAt, caughtUp),
        peakBacklog,
        failedCalls: load.failedAttempts.filter((attempt) => attempt.at >= cutAt).length,
        slotAfterPromotion,
        syncedSlotLsnBeforeKill: syncedSlot.confirmedFlushLsn,
        primarySlotLsnBeforeKill: primarySlot.confirmedFlushLsn,
        connectorLsnBefore,
        connectorLsnAfter: await connectorLsn(connect),
        slotsMadeByConnector: linesMatchingSince(connectLog, logOffset, /Creating new replication slot/)
          .length,
        snapshotsRun: linesMatchingSince(connectLog, logOffset, /SnapshotResult \[status=(?!SKIPPED)/).length,
        rebuiltAfterSeconds,
        collateralRestarts: processesRestarted(livesBefore, await readProcessLives(settings), [
          from.name,
          to.name,
        ]),
        ...(problem ? { problem } : {}),
      };
      log(
        `  ${problem ? `DID NOT FAIL OVER: ${problem}; ` : ''}promoted after ${result.promotedAfterSeconds} s, ` +
          `first event applied ${result.firstEventAppliedAfterSeconds ?? 'NEVER'} s after the kill, ` +
          `slot on the new primary: ${describeSlot(slotAfterPromotion)}, ` +
          `${result.slotsMadeByConnector} slots made by the connector, ${result.snapshotsRun} snapshots, ` +
          `standby rebuilt in ${rebuiltAfterSeconds ?? '—'} s, lag back to zero ` +
          `${result.caughtUpAfterSeconds ?? 'NOT within the bound'} s after the kill, ${result.failedCalls} failed calls (retried)` +
          (result.collateralRestarts.length > 0
            ? `; ALSO RESTARTED: ${result.collateralRestarts.join(', ')}`
            : ''),
      );
      results.push(result);
      if (problem) break;
    }
  } finally {
    await load.stop();
    await restore(settings, secrets, plan, connect, log).catch((error: Error) =>
      log(`could not restore the stack's own settings: ${error.message}`),
    );
  }

  log('load stopped; waiting for the pipeline to drain');
  const reconciliation = await reconcileWithin(databases.calculator, databases.totals, 180_000);
  const confirmedIds = [...load.confirmed.values()];
  const found = await countCalculationsById(databases.calculator, confirmedIds);
  await databases.destroy();
  return {
    seed: plan.seed,
    ratePerSecond: plan.ratePerSecond,
    replication: plan.replication,
    failoverSlot: plan.failoverSlot,
    plannedFailovers: plan.steps.length,
    failovers: results,
    confirmed: confirmedIds.length,
    confirmedMissingFromCalculator: confirmedIds.length - found,
    abandoned: load.abandoned,
    stuckAtStop: load.stuckAtStop,
    reconciliation,
  };
}

export const describeSlot = (slot: SlotState) =>
  slot.exists
    ? `${slot.synced ? 'synchronized from the standby' : 'NOT one synchronized from the standby'}${slot.failover ? ', failover' : ''}`
    : 'NONE';

const emptySlot = (): SlotState => ({
  exists: false,
  failover: false,
  active: false,
  synced: false,
  confirmedFlushLsn: null,
});

async function slotOn(
  settings: StackSettings,
  secrets: StackSecrets,
  node: PostgresNode,
): Promise<SlotState> {
  return withPgClient(nodeAdminUrl(settings, secrets, node), 'chaos-failover', (client) =>
    readSlot(client, CONNECTOR_SLOT),
  );
}

async function connectorLsn(connect: KafkaConnectClient): Promise<number | undefined> {
  const offsets = await connect.offsets(CONNECTOR).catch(() => []);
  const lsn = offsets[0]?.lsn;
  return typeof lsn === 'number' ? lsn : undefined;
}

/** The demonstrations change the stack's own settings for the run: asynchronous, or no failover slot. */
async function setUp(
  settings: StackSettings,
  secrets: StackSecrets,
  plan: FailoverRunPlan,
  connect: KafkaConnectClient,
  log: (line: string) => void,
) {
  const primary = primaryNode(settings);
  await setReplicationLink(settings, true);
  await attachStandby(settings, secrets, primary, standbyNode(settings), plan.replication);
  if (plan.replication === 'asynchronous')
    log('DEMONSTRATION: the standby replicates asynchronously for this run');
  if (!plan.failoverSlot) {
    log(`DEMONSTRATION: the connector's slot ${CONNECTOR_SLOT} is not a failover slot for this run`);
    await makeSlotFailover(settings, secrets, primary, connect, false);
  }
}

async function restore(
  settings: StackSettings,
  secrets: StackSecrets,
  plan: FailoverRunPlan,
  connect: KafkaConnectClient,
  log: (line: string) => void,
) {
  await setReplicationLink(settings, true);
  const primary = primaryNode(settings);
  if (plan.replication === 'asynchronous') {
    await attachStandby(settings, secrets, primary, standbyNode(settings), 'synchronous');
    log('the standby is synchronous again');
  }
  if (!plan.failoverSlot) {
    await makeSlotFailover(settings, secrets, primary, connect, true);
    log(`the connector's slot is a failover slot again`);
  }
}

/** The slot's failover flag can change only while no one holds it: the connector is stopped meanwhile. */
async function makeSlotFailover(
  settings: StackSettings,
  secrets: StackSecrets,
  primary: PostgresNode,
  connect: KafkaConnectClient,
  failover: boolean,
) {
  const url = nodeAdminUrl(settings, secrets, primary, 'calculator');
  const slot = await withPgClient(url, 'chaos-failover', (client) => readSlot(client, CONNECTOR_SLOT));
  if (!slot.exists || slot.failover === failover) return;
  await connect.setStopped(CONNECTOR, true);
  try {
    await waitUntil(async () => {
      if ((await withPgClient(url, 'chaos-failover', (client) => readSlot(client, CONNECTOR_SLOT))).active)
        throw new Error(`${CONNECTOR_SLOT} still held after stopping the connector`);
    }, 60_000);
    await setSlotFailover(url, CONNECTOR_SLOT, failover);
  } finally {
    await connect.setStopped(CONNECTOR, false);
  }
}
