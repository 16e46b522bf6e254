import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConnectorsTargetConfig } from '../../src/services/jobs/connectors-target-config.ts';
import { loadDeployedDatabasesConfig } from '../../src/services/jobs/deployed-databases-config.ts';
import { relayGrants } from '../../src/services/jobs/relay-grants.ts';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';

describe("the image's jobs' configuration", () => {
  it('apply-connectors needs KAFKA_CONNECT_URL in the image, and takes the fallback only when unset', () => {
    expect(() => loadConnectorsTargetConfig({})).toThrow(/KAFKA_CONNECT_URL: is required/);
    expect(() => loadConnectorsTargetConfig({ KAFKA_CONNECT_URL: 'ftp://connect' })).toThrow(
      /KAFKA_CONNECT_URL: must be an http\(s\):\/\/ URL/,
    );
    const local = loadConnectorsTargetConfig({}, () => 'http://127.0.0.1:58083');
    expect(local).toEqual({
      connectUrl: 'http://127.0.0.1:58083',
      folder: path.join(PROJECT_ROOT, 'connectors'),
      timeoutMs: 90_000,
    });
    const named = loadConnectorsTargetConfig({ KAFKA_CONNECT_URL: 'http://connect:8083/' }, () => {
      throw new Error('the fallback is not consulted when the variable is set');
    });
    expect(named.connectUrl).toBe('http://connect:8083');
  });

  it('migrate needs both database URLs in the image; without a requirement, none means the local stack', () => {
    expect(() => loadDeployedDatabasesConfig({}, { required: true })).toThrow(
      /CALCULATOR_DATABASE_URL: is required.*\n.*TOTALS_DATABASE_URL: is required/s,
    );
    expect(loadDeployedDatabasesConfig({})).toBeUndefined();
    expect(() => loadDeployedDatabasesConfig({ CALCULATOR_DATABASE_URL: 'postgres://c/c' })).toThrow(
      /TOTALS_DATABASE_URL/,
    );
    expect(
      loadDeployedDatabasesConfig({
        CALCULATOR_DATABASE_URL: 'postgres://c/c',
        TOTALS_DATABASE_URL: 'postgres://t/t',
      })?.DEBEZIUM_DB_USER,
    ).toBe('debezium');
  });

  it("the relay's grants quote the role and touch only the outbox and the heartbeat", () => {
    expect(relayGrants('debezium "relay"')).toEqual([
      'grant usage on schema public to "debezium ""relay"""',
      'grant select on outbox to "debezium ""relay"""',
      'grant select, insert, update on debezium_heartbeat to "debezium ""relay"""',
    ]);
  });
});
