import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

export const ADMIN_USER = 'postgres';
export const CALCULATOR_ROLE = 'calculator';
export const TOTALS_ROLE = 'totals';
export const DEBEZIUM_ROLE = 'debezium';
/** Reads statistics only (pg_monitor), for the Postgres exporter. */
export const MONITORING_ROLE = 'monitoring';
/** Owns both databases, their tables and the publication; the only role that runs DDL. */
export const MIGRATION_ROLE = 'migrator';

function url(settings: StackSettings, user: string, password: string, database: string): string {
  return `postgres://${user}:${encodeURIComponent(password)}@${settings.host}:${settings.POSTGRES_PORT}/${database}`;
}

export function adminUrl(settings: StackSettings, secrets: StackSecrets, database = 'postgres'): string {
  if (settings.STACK_POSTGRES_ADMIN_URL) {
    const own = new URL(settings.STACK_POSTGRES_ADMIN_URL);
    own.pathname = `/${database}`;
    return own.toString();
  }
  return url(settings, ADMIN_USER, secrets.adminPassword, database);
}

export function postgresHostAndPort(settings: StackSettings): { host: string; port: string } {
  if (!settings.STACK_POSTGRES_ADMIN_URL)
    return { host: settings.host, port: String(settings.POSTGRES_PORT) };
  const own = new URL(settings.STACK_POSTGRES_ADMIN_URL);
  return { host: own.hostname, port: own.port || '5432' };
}

function serviceUrl(settings: StackSettings, role: string, password: string, database: string): string {
  const { host, port } = postgresHostAndPort(settings);
  return `postgres://${role}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
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
