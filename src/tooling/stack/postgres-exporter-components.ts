import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { monitoringUrl } from './database-urls.ts';
import { httpAnswers } from './readiness-probes.ts';
import type { Component, ComponentContext } from './stack-component.ts';

/**
 * Debian's Prometheus Postgres exporter, serving only the queries in `stack/postgres-exporter/` (the
 * replication slot and commit counts), connected to the calculator database as the `monitoring` role.
 */
export function postgresExporter({ settings, secrets }: ComponentContext): Component {
  const metricsUrl = `http://${settings.host}:${settings.POSTGRES_EXPORTER_PORT}/metrics`;
  return {
    name: 'postgres-exporter',
    process: () => ({
      name: 'postgres-exporter',
      command: 'prometheus-postgres-exporter',
      args: [
        `--web.listen-address=${settings.host}:${settings.POSTGRES_EXPORTER_PORT}`,
        `--extend.query-path=${path.join(PROJECT_ROOT, 'stack', 'postgres-exporter', 'queries.yaml')}`,
        '--disable-default-metrics',
        '--disable-settings-metrics',
        '--no-collector.database',
        '--no-collector.bgwriter',
      ],
      // The exporter reads its connection from the environment, so the password is in no argument list.
      // lib/pq reads sslmode and sslrootcert from the URL as libpq does: verify-full when secured.
      env: { DATA_SOURCE_NAME: monitoringUrl(settings, secrets) },
      stopTimeoutMs: 5_000,
    }),
    // pg_up is 1 once the exporter has reached the database with its role.
    ready: httpAnswers(metricsUrl, /^pg_up 1$/m),
    readyTimeoutMs: 30_000,
  };
}
