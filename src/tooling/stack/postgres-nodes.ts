import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StackSettings } from './stack-settings.ts';

/**
 * One embedded Postgres server of the stack. Without HA there is one, `postgres`, on POSTGRES_PORT. With
 * HA there are two, `postgres` and `postgres-2`, on POSTGRES_PORT + 1 and + 2, and which one is primary
 * changes with each failover: the names say which server, never which role.
 */
export interface PostgresNode {
  name: 'postgres' | 'postgres-2';
  index: 1 | 2;
  port: number;
  dataDir: string;
  /** The physical slot on the primary that this node streams through while it is the standby. */
  standbySlot: string;
}

function node(settings: StackSettings, index: 1 | 2): PostgresNode {
  return {
    name: index === 1 ? 'postgres' : 'postgres-2',
    index,
    port: settings.postgresHa ? settings.POSTGRES_PORT + index : settings.POSTGRES_PORT,
    dataDir: index === 1 ? settings.postgresDataDir : path.join(settings.dataDir, 'postgres-2'),
    standbySlot: `ha_standby_node_${index}`,
  };
}

/** The servers the stack runs: one, or a primary and a standby. */
export function postgresNodes(settings: StackSettings): PostgresNode[] {
  return settings.postgresHa ? [node(settings, 1), node(settings, 2)] : [node(settings, 1)];
}

export function postgresNode(settings: StackSettings, name: string): PostgresNode {
  const found = postgresNodes(settings).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`the stack runs no Postgres server named ${name}`);
  return found;
}

const roleFile = (settings: StackSettings) => path.join(settings.dataDir, 'postgres-ha.json');
const rolesSchema = z.object({ primary: z.enum(['postgres', 'postgres-2']) });

/** Which node is primary: the last failover's choice, kept in the data folder; node 1 before any. */
export function primaryNode(settings: StackSettings): PostgresNode {
  if (!settings.postgresHa || !existsSync(roleFile(settings))) return node(settings, 1);
  const parsed = rolesSchema.safeParse(JSON.parse(readFileSync(roleFile(settings), 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${roleFile(settings)} does not say which Postgres node is primary: ${parsed.error.message}`,
    );
  return postgresNode(settings, parsed.data.primary);
}

export function standbyNode(settings: StackSettings): PostgresNode {
  if (!settings.postgresHa) throw new Error('the stack runs no Postgres standby (start it with --ha)');
  return otherNode(settings, primaryNode(settings));
}

export function otherNode(settings: StackSettings, of: PostgresNode): PostgresNode {
  return node(settings, of.index === 1 ? 2 : 1);
}

/** Written before the switch moves, so that a stack restarted at any moment starts the same primary. */
export function recordPrimary(settings: StackSettings, primary: PostgresNode): void {
  mkdirSync(settings.dataDir, { recursive: true });
  writeFileSync(roleFile(settings), `${JSON.stringify({ primary: primary.name })}\n`);
}

/** Whether a data folder was made by the stack's HA mode: a second node's folder exists. */
export function hasStandbyData(settings: StackSettings): boolean {
  return existsSync(path.join(settings.dataDir, 'postgres-2', 'PG_VERSION'));
}
