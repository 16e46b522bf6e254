import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConnectorsTargetConfig } from '../../src/services/jobs/connectors-target-config.ts';
import { loadDeployedDatabasesConfig } from '../../src/services/jobs/deployed-databases-config.ts';
import { relayGrants } from '../../src/services/jobs/relay-grants.ts';
import { runtimeGrants } from '../../src/services/jobs/runtime-grants.ts';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';

describe("the image's jobs' configuration", () => {
  it('apply-connectors needs KAFKA_CONNECT_URL in the image, and takes the fallback only when unset', () => {
    expect(() => loadConnectorsTargetConfig({})).toThrow(/KAFKA_CONNECT_URL: is required/);
    expect(() => loadConnectorsTargetConfig({ KAFKA_CONNECT_URL: 'ftp://connect' })).toThrow(
      /KAFKA_CONNECT_URL: must be an http\(s\):\/\/ URL/,
    );
    const local = loadConnectorsTargetConfig({}, () => 'http://127.0.0.1:28083');
    expect(local).toEqual({
      connectUrl: 'http://127.0.0.1:28083',
      folder: path.join(PROJECT_ROOT, 'connectors'),
      timeoutMs: 90_000,
    });
    const named = loadConnectorsTargetConfig({ KAFKA_CONNECT_URL: 'http://connect:8083/' }, () => {
      throw new Error('the fallback is not consulted when the variable is set');
    });
    expect(named.connectUrl).toBe('http://connect:8083');
  });

  it('migrate needs both migration URLs in the image; without a requirement, none means the local stack', () => {
    expect(() => loadDeployedDatabasesConfig({}, { required: true })).toThrow(
      /CALCULATOR_MIGRATION_DATABASE_URL: is required.*\n.*TOTALS_MIGRATION_DATABASE_URL: is required/s,
    );
    expect(loadDeployedDatabasesConfig({})).toBeUndefined();
    // The services' own URLs are not the migration role's: they never make the job think it is deployed.
    expect(loadDeployedDatabasesConfig({ CALCULATOR_DATABASE_URL: 'postgres://c/c' })).toBeUndefined();
    expect(() =>
      loadDeployedDatabasesConfig({ CALCULATOR_MIGRATION_DATABASE_URL: 'postgres://c/c' }),
    ).toThrow(/TOTALS_MIGRATION_DATABASE_URL/);
    expect(
      loadDeployedDatabasesConfig({
        CALCULATOR_MIGRATION_DATABASE_URL: 'postgres://c/c',
        TOTALS_MIGRATION_DATABASE_URL: 'postgres://t/t',
      }),
    ).toMatchObject({
      CALCULATOR_DB_ROLE: 'calculator',
      TOTALS_DB_ROLE: 'totals',
      DEBEZIUM_DB_USER: 'debezium',
    });
  });

  it("the relay's grants quote the role and touch only the outbox and the heartbeat", () => {
    expect(relayGrants('debezium "relay"')).toEqual([
      'revoke all on all tables in schema public from "debezium ""relay"""',
      'grant usage on schema public to "debezium ""relay"""',
      'grant select on outbox to "debezium ""relay"""',
      'grant select, insert, update on debezium_heartbeat to "debezium ""relay"""',
    ]);
  });

  it("a runtime role loses what it held, may not create in public, and gets only its tables' DML", () => {
    expect(runtimeGrants('totals', 'totals "keeper"')).toEqual([
      'revoke create on schema public from public',
      'revoke all on schema public from "totals ""keeper"""',
      'revoke all on all tables in schema public from "totals ""keeper"""',
      'revoke all on all sequences in schema public from "totals ""keeper"""',
      'revoke all on all functions in schema public from "totals ""keeper"""',
      'grant usage on schema public to "totals ""keeper"""',
      'grant select, insert on "applied_events" to "totals ""keeper"""',
      'grant select, update on "running_total" to "totals ""keeper"""',
      'grant select, insert, update on "consumer_offsets" to "totals ""keeper"""',
      'grant select, insert on "dead_letters" to "totals ""keeper"""',
      'grant select, insert on "applied_batches" to "totals ""keeper"""',
      'grant execute on function apply_partition_batch(text, integer, bigint, bigint, jsonb, jsonb) to "totals ""keeper"""',
      'grant execute on function apply_partition_batch_locked(text, integer, bigint, bigint, jsonb, jsonb) to "totals ""keeper"""',
    ]);
  });
});
