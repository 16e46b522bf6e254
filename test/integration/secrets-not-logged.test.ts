import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings } from './pipeline-harness.ts';

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/**
 * Everything a run of the tests writes for people to read: the parts' logs, pm2's, the telemetry the
 * Collector received (log records and spans), and what bench, chaos and k6 runs leave behind.
 */
function logsOfTheRun(): string[] {
  return [
    ...filesUnder(settings.logDir),
    ...filesUnder(settings.pm2Home).filter((file) => file.endsWith('.log')),
    ...filesUnder(settings.telemetryDir),
    ...filesUnder(path.join(settings.dataDir, 'bench')),
    ...filesUnder(path.join(settings.dataDir, 'chaos')),
    ...filesUnder(path.join(settings.dataDir, 'k6')),
  ];
}

const PRIVATE_KEY_MARKER = 'PRIVATE KEY';
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----\n([\s\S]+?)\n-----END [A-Z ]*PRIVATE KEY-----/g;

/**
 * The base64 lines of every private key in the stack's TLS folder (the CA's, the server's, Kafka's); a
 * short last line could turn up anywhere by chance, so only lines long enough to be telling are kept.
 */
function privateKeyLines(): string[] {
  const keyFiles = filesUnder(path.join(settings.dataDir, 'tls'));
  const pems = keyFiles.map((file) => readFileSync(file, 'utf8'));
  return pems
    .flatMap((pem) => [...pem.matchAll(PEM_PRIVATE_KEY)].flatMap((match) => (match[1] ?? '').split('\n')))
    .filter((line) => line.length >= 16);
}

describe('the stack’s secrets', () => {
  const logs = logsOfTheRun().map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it('include no password in any log: the databases’, the Kafka principals’', () => {
    const secrets = Object.entries(loadOrCreateSecrets(settings));
    expect(secrets.map(([name]) => name)).toEqual(
      expect.arrayContaining(['kafkaAdminPassword', 'kafkaConnectPassword', 'kafkaTotalsPassword']),
    );
    expect(logs.length).toBeGreaterThan(0);
    for (const { file, text } of logs)
      for (const [name, value] of secrets)
        expect(text.includes(value), `${file} contains ${name}`).toBe(false);
  });

  it('include no private key in any log, whole or in part', () => {
    const keyLines = privateKeyLines();
    // Secured, the stack has its CA's key and the server's; with STACK_SECURITY=off it may have none.
    if (settings.secured) expect(keyLines.length).toBeGreaterThan(0);
    for (const { file, text } of logs) {
      expect(text.includes(PRIVATE_KEY_MARKER), `${file} contains a PEM private key marker`).toBe(false);
      for (const line of keyLines)
        expect(text.includes(line), `${file} contains a line of a private key`).toBe(false);
    }
  });
});
