import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaClientSecurity } from '../../src/services/shared/kafka-client-security.ts';
import { loadTotalsConfig } from '../../src/services/totals/totals-config.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kafka-security-'));
  writeFileSync(path.join(dir, 'ca.crt'), 'PEM CA');
  writeFileSync(path.join(dir, 'password'), 'from-a-file\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fromEnv = (variables: Record<string, string>) =>
  kafkaClientSecurity(
    loadTotalsConfig({ TOTALS_DATABASE_URL: 'postgres://x/y', KAFKA_BROKERS: 'k:9092', ...variables }),
  );

describe('the Kafka client security variables', () => {
  it('leave a client plaintext and unauthenticated when none is set', () => {
    expect(fromEnv({})).toEqual({});
  });

  it('give TLS with the CA and SCRAM with the password', () => {
    expect(
      fromEnv({
        KAFKA_SSL_CA_FILE: path.join(dir, 'ca.crt'),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'totals',
        KAFKA_SASL_PASSWORD: 'secret',
      }),
    ).toEqual({
      ssl: { ca: ['PEM CA'] },
      sasl: { mechanism: 'scram-sha-512', username: 'totals', password: 'secret' },
    });
  });

  it('read the password from a file without its trailing newline, and trust public CAs without a CA file', () => {
    expect(
      fromEnv({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'totals',
        KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'password'),
      }),
    ).toEqual({ ssl: true, sasl: { mechanism: 'plain', username: 'totals', password: 'from-a-file' } });
  });

  it('turn TLS on alone with KAFKA_SSL=true', () => {
    expect(fromEnv({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_USERNAME is required/],
    [
      { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' },
      /KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE/,
    ],
    [
      {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_SASL_PASSWORD_FILE: 'f',
      },
      /not both/,
    ],
    [{ KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_USERNAME is set but KAFKA_SASL_MECHANISM is not/],
    [
      {
        KAFKA_SSL: 'false',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      },
      /in the clear/,
    ],
    [{ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: 'ca.crt' }, /KAFKA_SSL_CA_FILE is set but KAFKA_SSL=false/],
    [{ KAFKA_SSL_CA_FILE: '/nonexistent/ca.crt' }, /KAFKA_SSL_CA_FILE: cannot read/],
  ])('refuse %o, naming the problem', (variables, message) => {
    expect(() => fromEnv(variables as Record<string, string>)).toThrow(message);
  });

  it('refuse an unknown mechanism when the configuration is parsed', () => {
    expect(() => fromEnv({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });
});
