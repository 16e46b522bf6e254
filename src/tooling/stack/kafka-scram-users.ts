import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { libDir } from './fetch-jars.ts';
import { KAFKA_USERS, type KafkaPrincipal, kafkaPassword, SCRAM_MECHANISM } from './kafka-principals.ts';
import { kafkaAnswers, waitUntil } from './readiness-probes.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

const run = promisify(execFile);
const PRINCIPALS = Object.keys(KAFKA_USERS) as KafkaPrincipal[];

/** Kafka ignores files beside its partition folders; this one says which passwords the broker has. */
const markerFile = (settings: StackSettings) => path.join(settings.kafkaDataDir, 'stack-scram-users.sha256');

function passwordsDigest(secrets: StackSecrets): string {
  const users = PRINCIPALS.map((principal) => [KAFKA_USERS[principal], kafkaPassword(secrets, principal)]);
  return createHash('sha256').update(JSON.stringify(users)).digest('hex');
}

/** Whether the broker's SCRAM users were last set from these passwords (secrets.json is the truth). */
export function scramUsersMatch(settings: StackSettings, secrets: StackSecrets): boolean {
  const marker = markerFile(settings);
  return existsSync(marker) && readFileSync(marker, 'utf8') === passwordsDigest(secrets);
}

export function markScramUsers(settings: StackSettings, secrets: StackSecrets): void {
  writeFileSync(markerFile(settings), passwordsDigest(secrets), { mode: 0o600 });
}

/** `kafka-storage format` arguments that create every user in a fresh data folder, at no extra cost. */
export function scramFormatArguments(secrets: StackSecrets): string[] {
  return PRINCIPALS.flatMap((principal) => [
    '--add-scram',
    `${SCRAM_MECHANISM}=[name=${KAFKA_USERS[principal]},password=${kafkaPassword(secrets, principal)}]`,
  ]);
}

/**
 * Sets every user's password in a data folder that already holds a cluster: one formatted before the stack
 * was secured, or after a password in secrets.json changed. A KRaft controller does not take SCRAM changes
 * on its own listener, and the SASL_SSL listener admits no one before the users exist, so the broker is
 * started once on its plaintext loopback listener, the users are set, and it is stopped again; the stack
 * then starts it secured. Each password reaches Kafka's tool in a 0600 file, never on a command line.
 */
export async function setScramUsersThroughPlaintextBroker(
  settings: StackSettings,
  secrets: StackSecrets,
  plaintextBroker: { command: string; args: string[] },
  log: (line: string) => void,
): Promise<void> {
  log('kafka: setting the SCRAM users of an existing cluster (once, through a plaintext start on loopback)');
  // Its output goes to a log of its own, beside the stack's others, for when this start goes wrong.
  mkdirSync(settings.logDir, { recursive: true });
  const output = openSync(path.join(settings.logDir, 'kafka-scram-setup.log'), 'w');
  const broker = spawn(plaintextBroker.command, plaintextBroker.args, { stdio: ['ignore', output, output] });
  closeSync(output);
  const exited = new Promise<void>((resolve) => broker.once('exit', () => resolve()));
  const folder = mkdtempSync(path.join(settings.dataDir, 'scram-'));
  try {
    const probe = new Kafka({
      clientId: 'stack-scram-setup',
      brokers: [settings.kafkaBootstrap],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2_000,
      retry: { retries: 0 },
    });
    await waitUntil(kafkaAnswers(probe), 90_000).catch((error: Error) => {
      throw new Error(`${error.message} (its log: ${path.join(settings.logDir, 'kafka-scram-setup.log')})`);
    });
    await Promise.all(
      PRINCIPALS.map((principal) =>
        setPassword(settings, folder, KAFKA_USERS[principal], kafkaPassword(secrets, principal)),
      ),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
    broker.kill('SIGTERM');
    await exited;
  }
  markScramUsers(settings, secrets);
  log(`kafka: SCRAM users ${Object.values(KAFKA_USERS).join(', ')} set from the stack's secrets`);
}

async function setPassword(settings: StackSettings, folder: string, user: string, password: string) {
  const configFile = path.join(folder, `${user}.properties`);
  // A properties file gives the mechanism's value without the brackets --add-config needs.
  writeFileSync(configFile, `${SCRAM_MECHANISM}=password=${password}\n`, { mode: 0o600 });
  try {
    await run(
      'java',
      [
        '-Xmx128m',
        '-XX:TieredStopAtLevel=1',
        '-cp',
        `${libDir(settings)}/*`,
        'kafka.admin.ConfigCommand',
        '--bootstrap-server',
        settings.kafkaBootstrap,
        '--alter',
        '--entity-type',
        'users',
        '--entity-name',
        user,
        '--add-config-file',
        configFile,
      ],
      { timeout: 60_000 },
    );
  } catch (error) {
    const output = `${(error as { stderr?: string }).stderr ?? ''}`
      .replaceAll(password, '<password>')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' ');
    throw new Error(
      `could not set the SCRAM password of Kafka user ${user}: ${output || (error as Error).message}`,
    );
  }
}
