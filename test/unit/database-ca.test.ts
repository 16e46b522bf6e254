import { describe, expect, it } from 'vitest';
import { loadCalculatorConfig } from '../../src/services/calculator/calculator-config.ts';
import { loadDeployedDatabasesConfig } from '../../src/services/jobs/deployed-databases-config.ts';
import { withDatabaseCa } from '../../src/services/shared/database-ca.ts';
import { loadTotalsConfig } from '../../src/services/totals/totals-config.ts';

describe('a database CA file', () => {
  it('makes the connection verify the server against it (verify-full)', () => {
    const url = new URL(withDatabaseCa('postgres://u:p@db:5432/calculator', '/etc/ca dir/ca.crt'));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      sslmode: 'verify-full',
      sslrootcert: '/etc/ca dir/ca.crt',
    });
  });

  it("keeps the URL's other parameters", () => {
    const url = new URL(withDatabaseCa('postgres://u:p@db/c?application_name=x', '/ca.crt'));
    expect(url.searchParams.get('application_name')).toBe('x');
    expect(url.searchParams.get('sslmode')).toBe('verify-full');
  });

  it('gives way to a URL that chooses its own TLS, and is nothing when unset', () => {
    const own = 'postgres://u:p@db/c?sslmode=verify-ca&sslrootcert=/other.crt';
    expect(withDatabaseCa(own, '/ca.crt')).toBe(own);
    expect(withDatabaseCa('postgres://u:p@db/c', undefined)).toBe('postgres://u:p@db/c');
  });

  it("is applied by each service's and the migrate job's config to its own database only", () => {
    const calculator = loadCalculatorConfig({
      CALCULATOR_DATABASE_URL: 'postgres://c:p@db/calculator',
      CALCULATOR_DATABASE_CA_FILE: '/ca/c.crt',
    });
    expect(new URL(calculator.CALCULATOR_DATABASE_URL).searchParams.get('sslrootcert')).toBe('/ca/c.crt');
    const totals = loadTotalsConfig({
      TOTALS_DATABASE_URL: 'postgres://t:p@db/totals',
      KAFKA_BROKERS: 'k:9092',
      TOTALS_DATABASE_CA_FILE: '/ca/t.crt',
    });
    expect(new URL(totals.TOTALS_DATABASE_URL).searchParams.get('sslrootcert')).toBe('/ca/t.crt');
    const job = loadDeployedDatabasesConfig({
      CALCULATOR_MIGRATION_DATABASE_URL: 'postgres://m:p@db/calculator',
      TOTALS_MIGRATION_DATABASE_URL: 'postgres://m:p@db/totals',
      TOTALS_DATABASE_CA_FILE: '/ca/t.crt',
    });
    expect(job?.CALCULATOR_MIGRATION_DATABASE_URL).toBe('postgres://m:p@db/calculator');
    expect(new URL(job?.TOTALS_MIGRATION_DATABASE_URL ?? '').searchParams.get('sslmode')).toBe('verify-full');
  });

  it('may not be empty', () => {
    expect(() =>
      loadCalculatorConfig({ CALCULATOR_DATABASE_URL: 'postgres://c/c', CALCULATOR_DATABASE_CA_FILE: '' }),
    ).toThrow(/CALCULATOR_DATABASE_CA_FILE/);
  });
});
