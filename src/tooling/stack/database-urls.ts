import { stackTlsFiles } from './stack-certificates.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

export const ADMIN_USER = 'postgres';
export const CALCULATOR_ROLE = 'calculator';
export const TOTALS_ROLE = 'totals';
export const DEBEZIUM_ROLE = 'debezium';
/** Reads statistics only (pg_monitor), for the Postgres exporter. */
export const MONITORING_ROLE = 'monitoring';
/** A standby's streaming connection to its primary (with STACK_POSTGRES_HA=on); reads no data. */
export const REPLICATION_ROLE = 'replicator';
/** Owns both databases, their tables and the publication; the only role that runs DDL. */
export const MIGRATION_ROLE = 'migrator';

/** The libpq parameters of a URL that choose and check TLS; a user's own admin URL lends them to the rest. */
const TLS_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslnegotiation'] as const;

/**
 * How every client of the stack's Postgres connects. The embedded server, secured: TLS, the server's
 * certificate checked against the stack's CA and its name against the host (`verify-full`). Unsecured:
 * `disable`, said outright, since some clients (the exporter's lib/pq) would otherwise try TLS. A server
 * of the user's own: whatever TLS parameters its admin URL carries, none added.
 */
export function postgresTlsParameters(settings: StackSettings): URLSearchParams {
  const parameters = new URLSearchParams();
  if (settings.STACK_POSTGRES_ADMIN_URL) {
    const own = new URL(settings.STACK_POSTGRES_ADMIN_URL).searchParams;
    for (const name of TLS_PARAMETERS) {
      const value = own.get(name);
      if (value !== null) parameters.set(name, value);
    }
  } else if (settings.secured) {
    parameters.set('sslmode', 'verify-full');
    parameters.set('sslrootcert', stackTlsFiles(settings).caFile);
  } else {
    parameters.set('sslmode', 'disable');
  }
  return parameters;
}

export function adminUrl(settings: StackSettings, secrets: StackSecrets, database = 'postgres'): string {
  if (settings.STACK_POSTGRES_ADMIN_URL) {
    const own = new URL(settings.STACK_POSTGRES_ADMIN_URL);
    own.pathname = `/${database}`;
    return own.toString();
  }
  return serviceUrl(settings, ADMIN_USER, secrets.adminPassword, database);
}

/**
 * One embedded node, reached directly rather than through the switch: for the stack's own work on a
 * primary or a standby (copies, promotion, checks), never for a service.
 */
export function nodeAdminUrl(
  settings: StackSettings,
  secrets: StackSecrets,
  node: { port: number },
  database = 'postgres',
): string {
  const url = new URL(serviceUrl(settings, ADMIN_USER, secrets.adminPassword, database));
  url.port = String(node.port);
  return url.toString();
}

export function postgresHostAndPort(settings: StackSettings): { host: string; port: string } {
  if (!settings.STACK_POSTGRES_ADMIN_URL)
    return { host: settings.host, port: String(settings.POSTGRES_PORT) };
  const own = new URL(settings.STACK_POSTGRES_ADMIN_URL);
  return { host: own.hostname, port: own.port || '5432' };
}

function serviceUrl(settings: StackSettings, role: string, password: string, database: string): string {
  const { host, port } = postgresHostAndPort(settings);
  const query = postgresTlsParameters(settings).toString();
  return `postgres://${role}:${encodeURIComponent(password)}@${host}:${port}/${database}${query ? `?${query}` : ''}`;
}

export const calculatorUrl = (settings: StackSettings, secrets: StackSecrets) =>
  serviceUrl(settings, CALCULATOR_ROLE, secrets.calculatorPassword, 'calculator');
export const totalsUrl = (settings: StackSettings, secrets: StackSecrets) =>
  serviceUrl(settings, TOTALS_ROLE, secrets.totalsPassword, 'totals');
export const monitoringUrl = (settings: StackSettings, secrets: StackSecrets) =>
  serviceUrl(settings, MONITORING_ROLE, secrets.monitoringPassword, 'calculator');
/** The migration role's URL: only the migrations get it, never a service. */
export const migrationUrl = (
  settings: StackSettings,
  secrets: StackSecrets,
  database: 'calculator' | 'totals',
) => serviceUrl(settings, MIGRATION_ROLE, secrets.migrationPassword, database);

/**
 * The same TLS choice for Debezium, whose connector config reads it as `${env:CALCULATOR_DB_SSLMODE}`
 * and `${env:CALCULATOR_DB_SSLROOTCERT}` (pgjdbc's names, libpq's meaning). A server of the user's own
 * without `sslmode` gets libpq's default, `prefer`.
 */
export function debeziumTlsEnvironment(settings: StackSettings): Record<string, string> {
  const parameters = postgresTlsParameters(settings);
  const rootCert = settings.STACK_POSTGRES_ADMIN_URL
    ? parameters.get('sslrootcert')
    : stackTlsFiles(settings).caFile;
  return {
    CALCULATOR_DB_SSLMODE: parameters.get('sslmode') ?? 'prefer',
    ...(rootCert ? { CALCULATOR_DB_SSLROOTCERT: rootCert } : {}),
  };
}
