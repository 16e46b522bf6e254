import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  CALCULATOR_ROLE,
  calculatorUrl,
  DEBEZIUM_ROLE,
  TOTALS_ROLE,
} from '../../src/tooling/stack/database-urls.ts';
import { stackTlsFiles } from '../../src/tooling/stack/stack-certificates.ts';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings } from './pipeline-harness.ts';

const secrets = loadOrCreateSecrets(settings);

/** The calculator's own URL with its TLS parameters replaced by `tls`. */
function calculatorUrlWith(tls: Record<string, string>): string {
  const url = new URL(calculatorUrl(settings, secrets));
  url.search = new URLSearchParams(tls).toString();
  return url.toString();
}

async function connectionError(config: pg.ClientConfig): Promise<string> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

describe('Postgres TLS', () => {
  it('is what the stack under test runs (STACK_SECURITY is not off)', () => {
    expect(settings.secured).toBe(true);
  });

  it('refuses a connection without TLS', async () => {
    const refusal = await connectionError({ connectionString: calculatorUrlWith({ sslmode: 'disable' }) });
    expect(refusal).toMatch(/no pg_hba\.conf entry for host .*no encryption/);
  });

  // Logical replication (what Debezium opens) is matched by pg_hba's database lines, physical
  // replication by its `replication` lines: both must be hostssl.
  it.each([
    [
      'logical',
      'database',
      /no pg_hba\.conf entry for host .*user "debezium", database "calculator", no encryption/,
    ],
    ['physical', 'true', /no pg_hba\.conf entry for replication connection .*user "debezium", no encryption/],
  ])('refuses a %s replication connection without TLS', async (_kind, replication, expected) => {
    const url = new URL(calculatorUrlWith({ sslmode: 'disable' }));
    url.username = DEBEZIUM_ROLE;
    url.password = encodeURIComponent(secrets.debeziumPassword);
    // pg honours `replication`, which its types leave out.
    const replicationConnection = { connectionString: url.toString(), replication };
    expect(await connectionError(replicationConnection)).toMatch(expected);
  });

  it("is refused by a client that does not trust the stack's CA (verify-full)", async () => {
    const refusal = await connectionError({
      connectionString: calculatorUrlWith({ sslmode: 'verify-full' }),
    });
    expect(refusal).toMatch(/self[- ]signed certificate|unable to (get|verify)/i);
  });

  it('presents a certificate for its own name only: a client expecting another refuses it', async () => {
    const url = new URL(calculatorUrl(settings, secrets));
    const refusal = await connectionError({
      host: url.hostname,
      port: Number(url.port),
      user: CALCULATOR_ROLE,
      password: secrets.calculatorPassword,
      database: 'calculator',
      ssl: {
        ca: readFileSync(stackTlsFiles(settings).caFile, 'utf8'),
        servername: 'elsewhere.example',
      },
    });
    expect(refusal).toMatch(/not in the cert's altnames/);
  });
});

describe("the pipeline's own connections", () => {
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl(settings, secrets) });
    await admin.connect();
  });
  afterAll(() => admin.end());

  it('all use TLS: both services and the connector, replication included', async () => {
    const { rows } = await admin.query<{ usename: string; backend_type: string; ssl: boolean }>(
      `select a.usename, a.backend_type, coalesce(s.ssl, false) as ssl
         from pg_stat_activity a left join pg_stat_ssl s on s.pid = a.pid
        where a.usename = any($1)`,
      [[CALCULATOR_ROLE, TOTALS_ROLE, DEBEZIUM_ROLE]],
    );
    const roles = new Set(rows.map((row) => row.usename));
    expect([...roles].sort()).toEqual([CALCULATOR_ROLE, DEBEZIUM_ROLE, TOTALS_ROLE].sort());
    expect(rows.some((row) => row.usename === DEBEZIUM_ROLE && row.backend_type === 'walsender')).toBe(true);
    expect(rows.filter((row) => !row.ssl)).toEqual([]);
  });
});
