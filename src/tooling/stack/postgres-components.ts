import { adminUrl, nodeAdminUrl } from './database-urls.ts';
import {
  initialiseClusterOnce,
  letPostgresUserReach,
  postgresArguments,
  postgresBinary,
  postgresUserIds,
  stopStrayPostgres,
} from './embedded-postgres-cluster.ts';
import { CONNECTOR_SLOT, ensureFailoverSlot } from './failover-slot.ts';
import { prepareLocalDatabases } from './migrate-service-databases.ts';
import { preparePostgresAccess } from './postgres-access.ts';
import { type PostgresNode, primaryNode, recordPrimary, standbyNode } from './postgres-nodes.ts';
import {
  attachStandby,
  ensureReplicationRole,
  isStandbyFolder,
  rebuildAsStandby,
} from './postgres-standby.ts';
import { pointSwitchAt } from './postgres-switch.ts';
import { type Probe, postgresAccepts } from './readiness-probes.ts';
import type { Component, ComponentContext } from './stack-component.ts';

const runAs = () => (process.getuid?.() === 0 ? postgresUserIds() : undefined);

/** One node's server process; with HA a dead node is failed over from, not restarted in place. */
function nodeProcess({ settings }: ComponentContext, node: PostgresNode) {
  return () => ({
    name: node.name,
    command: postgresBinary(),
    args: postgresArguments(settings, node),
    env: { LC_MESSAGES: 'C' },
    stopTimeoutMs: 30_000,
    runAs: runAs(),
    autorestart: !settings.postgresHa,
  });
}

/** A node that accepts connections, in the role it should have. */
const nodeInRole = (url: string, role: 'primary' | 'standby'): Probe =>
  postgresAccepts(url, async (client) => {
    const { rows } = await client.query<{ recovering: boolean }>('select pg_is_in_recovery() as recovering');
    if (rows[0]?.recovering !== (role === 'standby')) throw new Error(`not a ${role}`);
  });

/**
 * The embedded Postgres server, or with HA the primary: absent when the user brings a server of their own.
 * With HA the switch is pointed at it once it is up.
 */
export function postgresServer(context: ComponentContext): Component[] {
  const { settings, secrets, log } = context;
  if (settings.STACK_POSTGRES_ADMIN_URL) return [];
  const primary = primaryNode(settings);
  return [
    {
      name: primary.name,
      prepare: async () => {
        stopStrayPostgres(primary.dataDir, log);
        letPostgresUserReach(primary, log);
        if (!settings.postgresHa || primary.index === 1) {
          if (initialiseClusterOnce(settings)) log('postgres: created a new cluster');
        }
        if (isStandbyFolder(primary))
          throw new Error(
            `${primary.dataDir} holds a standby, but ${primary.name} is the primary on record; promote it by hand ` +
              `(pg_ctl promote) or wipe the stack`,
          );
        preparePostgresAccess(settings, primary.dataDir, runAs());
      },
      process: nodeProcess(context, primary),
      ready: settings.postgresHa
        ? nodeInRole(nodeAdminUrl(settings, secrets, primary), 'primary')
        : postgresAccepts(adminUrl(settings, secrets)),
      readyTimeoutMs: 60_000,
      afterReady: async () => {
        if (!settings.postgresHa) return;
        recordPrimary(settings, primary);
        await pointSwitchAt(settings, primary);
      },
    },
  ];
}

/** Roles and databases, each service's migrations, then what the connector may read. */
export function databaseSchema({ settings, secrets, log }: ComponentContext): Component {
  return {
    name: 'database-schema',
    afterReady: async () => {
      await prepareLocalDatabases(settings, secrets, log);
      if (settings.postgresHa) {
        const made = await ensureFailoverSlot(adminUrl(settings, secrets, 'calculator'), CONNECTOR_SLOT);
        if (made !== 'kept') log(`postgres: the connector's slot ${CONNECTOR_SLOT} ${made} with failover`);
      }
    },
  };
}

/**
 * With HA, the second node as the primary's synchronous standby: made afresh by a base copy unless its
 * folder already holds a standby, then attached (the primary waits for it on every commit). It comes
 * before anything that commits on the primary: a primary that still waits for a lost standby holds every
 * commit until one streams again.
 */
export function postgresStandbyServer(context: ComponentContext): Component[] {
  const { settings, secrets, log } = context;
  if (!settings.postgresHa || settings.STACK_POSTGRES_ADMIN_URL) return [];
  const primary = primaryNode(settings);
  const standby = standbyNode(settings);
  return [
    {
      name: standby.name,
      prepare: async () => {
        stopStrayPostgres(standby.dataDir, log);
        letPostgresUserReach(standby, log);
        await ensureReplicationRole(settings, secrets, primary);
        if (!isStandbyFolder(standby)) {
          log(`${standby.name}: making it a standby of ${primary.name} (base copy)`);
          await rebuildAsStandby(settings, secrets, primary, standby, log);
        }
        preparePostgresAccess(settings, standby.dataDir, runAs());
      },
      process: nodeProcess(context, standby),
      ready: nodeInRole(nodeAdminUrl(settings, secrets, standby), 'standby'),
      readyTimeoutMs: 120_000,
      afterReady: async () => {
        await attachStandby(settings, secrets, primary, standby, 'synchronous');
      },
    },
  ];
}
