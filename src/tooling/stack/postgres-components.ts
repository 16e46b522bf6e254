import { adminUrl } from './database-urls.ts';
import {
  initialiseClusterOnce,
  letPostgresUserReach,
  postgresArguments,
  postgresBinary,
  postgresUserIds,
  stopStrayPostgres,
} from './embedded-postgres-cluster.ts';
import { prepareLocalDatabases } from './migrate-service-databases.ts';
import { preparePostgresAccess } from './postgres-access.ts';
import { postgresAccepts } from './readiness-probes.ts';
import type { Component, ComponentContext } from './stack-component.ts';

/** The embedded Postgres server; absent when the user brings a server of their own. */
export function postgresServer({ settings, secrets, log }: ComponentContext): Component[] {
  if (settings.STACK_POSTGRES_ADMIN_URL) return [];
  return [
    {
      name: 'postgres',
      prepare: async () => {
        stopStrayPostgres(settings, log);
        letPostgresUserReach(settings, log);
        if (initialiseClusterOnce(settings)) log('postgres: created a new cluster');
        preparePostgresAccess(settings, process.getuid?.() === 0 ? postgresUserIds() : undefined);
      },
      process: () => ({
        name: 'postgres',
        command: postgresBinary(),
        args: postgresArguments(settings),
        env: { LC_MESSAGES: 'C' },
        stopTimeoutMs: 30_000,
        runAs: process.getuid?.() === 0 ? postgresUserIds() : undefined,
      }),
      ready: postgresAccepts(adminUrl(settings, secrets)),
      readyTimeoutMs: 60_000,
    },
  ];
}

/** Roles and databases, each service's migrations, then what the connector may read. */
export function databaseSchema({ settings, secrets, log }: ComponentContext): Component {
  return {
    name: 'database-schema',
    afterReady: async () => {
      await prepareLocalDatabases(settings, secrets, log);
    },
  };
}
