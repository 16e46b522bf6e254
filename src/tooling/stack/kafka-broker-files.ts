import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { proxiedKafkaListeners } from './fault-proxies.ts';
import { javaProcess, stackFile } from './java-process.ts';
import { KAFKA_USERS } from './kafka-principals.ts';
import { fillTemplate } from './render-template.ts';
import { stackTlsFiles } from './stack-certificates.ts';
import type { ComponentContext } from './stack-component.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * `kafka-storage format` of a fresh data folder, with the SCRAM users when given. Their passwords are on
 * this short-lived command line (the tool has no other way to take them), so a failure reports only the
 * tool's own output, with the passwords blanked out.
 */
export function formatStorage(settings: StackSettings, properties: string, scramArguments: string[]): void {
  const format = javaProcess(
    settings,
    'kafka-storage',
    'kafka.tools.StorageTool',
    [
      'format',
      '--standalone',
      '--ignore-formatted',
      '--cluster-id',
      'outbox-pipeline-local0',
      '--config',
      properties,
      ...scramArguments,
    ],
    '256m',
  );
  try {
    execFileSync(format.command, format.args, { stdio: 'pipe' });
  } catch (error) {
    const output = `${(error as { stderr?: Buffer }).stderr ?? ''}`
      .replace(/password=[^\],\s]*/g, 'password=<hidden>')
      .trim();
    throw new Error(`kafka-storage format failed: ${output.split('\n').slice(-3).join(' ')}`);
  }
}

/**
 * The broker's properties: the common file plus its listeners, SASL_SSL with the authorizer or, with
 * STACK_SECURITY=off, plaintext. Owner-only, as it holds the admin's password for the broker's own logins.
 */
export function renderBrokerProperties(
  { settings, secrets }: ComponentContext,
  target: string,
  secured = settings.secured,
): void {
  const tls = stackTlsFiles(settings);
  const values = {
    KAFKA_PORT: String(settings.KAFKA_PORT),
    KAFKA_CONTROLLER_PORT: String(settings.KAFKA_CONTROLLER_PORT),
    KAFKA_DATA_DIR: settings.kafkaDataDir,
    KAFKA_ADMIN_USER: KAFKA_USERS.admin,
    KAFKA_ADMIN_PASSWORD: secrets.kafkaAdminPassword,
    KAFKA_KEYSTORE_FILE: tls.kafkaKeystoreFile,
    KAFKA_CA_FILE: tls.caFile,
  };
  const listeners = secured ? 'listeners-sasl-ssl.properties' : 'listeners-plaintext.properties';
  // The one-off plaintext broker that sets SCRAM users on an old data folder needs no proxied listeners.
  const proxied = settings.faultProxies && secured === settings.secured;
  const [connect, totals] = proxiedKafkaListeners(settings);
  const proxiedValues = {
    ...values,
    CLIENT_LISTENER: secured ? 'SASL_SSL' : 'PLAINTEXT',
    CONNECT_PROXIED_PORT: String(connect?.port),
    CONNECT_PROXY_PORT: String(connect?.advertisedPort),
    TOTALS_PROXIED_PORT: String(totals?.port),
    TOTALS_PROXY_PORT: String(totals?.advertisedPort),
  };
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(
    target,
    fillTemplate(stackFile('kafka', 'server.properties'), values) +
      fillTemplate(stackFile('kafka', listeners), values) +
      (proxied ? fillTemplate(stackFile('kafka', 'listeners-proxied.properties'), proxiedValues) : ''),
    { mode: 0o600 },
  );
  chmodSync(target, 0o600);
}
