import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StackSettings } from './stack-settings.ts';

export interface StackSecrets {
  adminPassword: string;
  calculatorPassword: string;
  totalsPassword: string;
  debeziumPassword: string;
  monitoringPassword: string;
  migrationPassword: string;
  replicationPassword: string;
  /** SCRAM-SHA-512 passwords of the Kafka principals: the admin (topics, ACLs), Connect and the totals keeper. */
  kafkaAdminPassword: string;
  kafkaConnectPassword: string;
  kafkaTotalsPassword: string;
}

const SECRET_NAMES = [
  'adminPassword',
  'calculatorPassword',
  'totalsPassword',
  'debeziumPassword',
  'monitoringPassword',
  'migrationPassword',
  'replicationPassword',
  'kafkaAdminPassword',
  'kafkaConnectPassword',
  'kafkaTotalsPassword',
] as const satisfies readonly (keyof StackSecrets)[];

/**
 * The local stack's database and Kafka passwords: made up on first use and kept, readable by the owner only, in
 * the data folder, so no password is written in the repository or printed in a log. A data folder made
 * before a role existed gets that role's password added; the others stay as they are.
 */
export function loadOrCreateSecrets(settings: StackSettings): StackSecrets {
  const file = path.join(settings.dataDir, 'secrets.json');
  const kept: Partial<StackSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const missing = SECRET_NAMES.filter((name) => !kept[name]);
  if (missing.length === 0) return kept as StackSecrets;
  const secrets = { ...kept } as StackSecrets;
  for (const name of missing) secrets[name] = randomBytes(18).toString('base64url');
  mkdirSync(settings.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
