import { describe, expect, it } from 'vitest';
import {
  calculatorUrl,
  debeziumTlsEnvironment,
  migrationUrl,
  monitoringUrl,
  totalsUrl,
} from '../../src/tooling/stack/database-urls.ts';
import { renderPgHba } from '../../src/tooling/stack/postgres-access.ts';
import type { StackSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

const secrets = {
  calculatorPassword: 'c',
  totalsPassword: 't',
  monitoringPassword: 'm',
  migrationPassword: 'g',
} as StackSecrets;

const urlsOf = (environment: NodeJS.ProcessEnv) => {
  const settings = loadStackSettings({ STACK_DATA_DIR: '/srv/stack data', ...environment });
  return [
    calculatorUrl(settings, secrets),
    totalsUrl(settings, secrets),
    monitoringUrl(settings, secrets),
    migrationUrl(settings, secrets, 'calculator'),
  ].map((url) => new URL(url).searchParams);
};

describe("the local stack's Postgres pg_hba.conf", () => {
  const rules = (secured: boolean) =>
    renderPgHba(secured)
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split('\t'));

  it('secured, lets in TLS connections only, replication included, by SCRAM', () => {
    expect(rules(true).map((rule) => rule[0])).toEqual(['hostssl', 'hostssl', 'hostssl', 'hostssl']);
    expect(rules(true).map((rule) => rule[1])).toContain('replication');
    expect(rules(true).every((rule) => rule[4] === 'scram-sha-256')).toBe(true);
  });

  it('unsecured, lets in plaintext too', () => {
    expect(new Set(rules(false).map((rule) => rule[0]))).toEqual(new Set(['host']));
  });
});

describe('the URLs the stack hands out', () => {
  it("secured, verify the server against the data folder's CA", () => {
    for (const parameters of urlsOf({})) {
      expect(parameters.get('sslmode')).toBe('verify-full');
      expect(parameters.get('sslrootcert')).toBe('/srv/stack data/tls/ca.crt');
    }
  });

  it('with STACK_SECURITY=off, say plaintext outright', () => {
    for (const parameters of urlsOf({ STACK_SECURITY: 'off' }))
      expect(Object.fromEntries(parameters)).toEqual({ sslmode: 'disable' });
  });

  it("on the user's own server, carry the TLS parameters of its admin URL and nothing else of its query", () => {
    const own =
      'postgres://admin:pw@db.example:6543/postgres?sslmode=verify-ca&sslrootcert=/etc/ca.pem&connect_timeout=3';
    for (const parameters of urlsOf({ STACK_POSTGRES_ADMIN_URL: own }))
      expect(Object.fromEntries(parameters)).toEqual({ sslmode: 'verify-ca', sslrootcert: '/etc/ca.pem' });
  });

  it('give Debezium the same choice', () => {
    const settings = loadStackSettings({ STACK_DATA_DIR: '/srv/d' });
    expect(debeziumTlsEnvironment(settings)).toEqual({
      CALCULATOR_DB_SSLMODE: 'verify-full',
      CALCULATOR_DB_SSLROOTCERT: '/srv/d/tls/ca.crt',
    });
    const own = loadStackSettings({ STACK_POSTGRES_ADMIN_URL: 'postgres://a:b@db.example/postgres' });
    expect(debeziumTlsEnvironment(own)).toEqual({ CALCULATOR_DB_SSLMODE: 'prefer' });
  });
});
