import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './embedded-postgres-cluster.ts';
import { partPid } from './part-control.ts';
import { otherNode, type PostgresNode, primaryNode, recordPrimary } from './postgres-nodes.ts';
import { promote } from './postgres-standby.ts';
import { pointSwitchAt } from './postgres-switch.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * Kills a node the way a lost machine stops it: the server and every backend at once, by SIGKILL, so
 * nothing is flushed, no client is told and the standby hears nothing more. Returns once all are gone.
 */
export async function killNode(settings: StackSettings, node: PostgresNode): Promise<void> {
  const pid = await partPid(settings, node.name);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const pids = [pid, ...children.map(Number)];
  for (const each of pids) killQuietly(each);
  const deadline = performance.now() + 10_000;
  while (pids.some(isAlive)) {
    if (performance.now() > deadline)
      throw new Error(`${node.name}: processes ${pids.filter(isAlive).join(', ')} outlived SIGKILL`);
    await sleep(20);
  }
}

export interface Failover {
  from: PostgresNode;
  to: PostgresNode;
  /** From the call until the standby accepted writes. */
  promotedAfterMs: number;
  /** From the call until the switch led to it, closing every connection to the old primary. */
  switchedAfterMs: number;
}

/**
 * Makes the standby the primary: promotes it, records it as primary (so a restarted stack agrees), then
 * moves the switch to it. The old primary must be dead first: this is the fencing a real cluster manager
 * does, since two writable nodes behind one name would split the history.
 */
export async function failOver(settings: StackSettings, secrets: StackSecrets): Promise<Failover> {
  const started = performance.now();
  const from = primaryNode(settings);
  const to = otherNode(settings, from);
  await promote(settings, secrets, to);
  const promotedAfterMs = performance.now() - started;
  recordPrimary(settings, to);
  await pointSwitchAt(settings, to);
  return { from, to, promotedAfterMs, switchedAfterMs: performance.now() - started };
}

function killQuietly(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
