import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

describe('the local stack secrets', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stack-secrets-'));
  const settings = loadStackSettings({ STACK_DATA_DIR: dataDir });
  const file = path.join(dataDir, 'secrets.json');
  afterEach(() => rmSync(file, { force: true }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes up every password once, readable by the owner only, and keeps them', () => {
    const first = loadOrCreateSecrets(settings);
    expect(Object.keys(first).sort()).toEqual([
      'adminPassword',
      'calculatorPassword',
      'debeziumPassword',
      'kafkaAdminPassword',
      'kafkaConnectPassword',
      'kafkaTotalsPassword',
      'migrationPassword',
      'monitoringPassword',
      'replicationPassword',
      'totalsPassword',
    ]);
    expect(new Set(Object.values(first)).size).toBe(10);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecrets(settings)).toEqual(first);
  });

  it('adds a password for a role that a data folder made earlier lacks, keeping the others', () => {
    const earlier = {
      adminPassword: 'kept-admin',
      calculatorPassword: 'kept-calculator',
      totalsPassword: 'kept-totals',
      debeziumPassword: 'kept-debezium',
    };
    writeFileSync(file, JSON.stringify(earlier), { mode: 0o600 });
    const secrets = loadOrCreateSecrets(settings);
    expect(secrets).toMatchObject(earlier);
    expect(secrets.monitoringPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(secrets.migrationPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(secrets);
  });
});
