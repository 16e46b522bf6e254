import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureStackCertificates } from '../../src/tooling/stack/stack-certificates.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function freshSettings() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stack-certificates-'));
  folders.push(dataDir);
  return loadStackSettings({ STACK_DATA_DIR: dataDir });
}

const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

describe("the local stack's certificates", () => {
  it('makes a CA and a server certificate for 127.0.0.1 that it signed, every file owner-only', () => {
    const lines: string[] = [];
    const files = ensureStackCertificates(freshSettings(), (line) => lines.push(line));
    expect(openssl('verify', '-CAfile', files.caFile, files.serverCertFile).trim()).toBe(
      `${files.serverCertFile}: OK`,
    );
    expect(openssl('x509', '-in', files.serverCertFile, '-noout', '-ext', 'subjectAltName')).toContain(
      'IP Address:127.0.0.1, DNS:localhost',
    );
    for (const file of [...Object.values(files), path.join(path.dirname(files.caFile), 'ca.key')])
      expect(statSync(file).mode & 0o777, file).toBe(0o600);
    // Kafka's PEM keystore: the server's own key, then its certificate.
    const keystore = readFileSync(files.kafkaKeystoreFile, 'utf8');
    expect(keystore).toBe(
      readFileSync(files.serverKeyFile, 'utf8') + readFileSync(files.serverCertFile, 'utf8'),
    );
    expect(keystore).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    // What is logged names the folder, never a key.
    expect(lines.join('\n')).not.toContain('PRIVATE KEY');
  });

  it('keeps them on later calls, and makes all of them again when one is missing', () => {
    const settings = freshSettings();
    const first = ensureStackCertificates(settings, () => {});
    const ca = readFileSync(first.caFile, 'utf8');
    ensureStackCertificates(settings, () => {});
    expect(readFileSync(first.caFile, 'utf8')).toBe(ca);

    rmSync(first.serverKeyFile);
    const again = ensureStackCertificates(settings, () => {});
    expect(readFileSync(again.caFile, 'utf8')).not.toBe(ca);
    expect(openssl('verify', '-CAfile', again.caFile, again.serverCertFile).trim()).toBe(
      `${again.serverCertFile}: OK`,
    );
  });
});
