import { describe, expect, it } from 'vitest';
import { catalogueSection } from '../../src/tooling/observability/metric-catalogue.ts';
import {
  type ActiveTarget,
  instantQuery as prometheusQuery,
  activeTargets as prometheusTargets,
} from '../../src/tooling/observability/prometheus-client.ts';
import { waitUntil } from '../../src/tooling/stack/readiness-probes.ts';
import { settings } from './pipeline-harness.ts';

const activeTargets = () => prometheusTargets(settings.prometheusUrl);
const instantQuery = (query: string) => prometheusQuery(settings.prometheusUrl, query);

const EXPECTED_JOBS = ['kafka', 'kafka-connect', 'otel-collector', 'postgres', 'prometheus'];
// Prometheus scrapes every 5 s; right after stack:up a target may not have been scraped yet.
const FIRST_SCRAPES_MS = 60_000;

const describeTargets = (targets: ActiveTarget[]) =>
  targets.map((t) => `${t.labels.job} ${t.scrapeUrl} ${t.health} ${t.lastError}`).join('\n');

describe(`Prometheus (${settings.prometheusUrl})`, () => {
  it('scrapes every part of the pipeline, and every target is up', async () => {
    let targets: ActiveTarget[] = [];
    await waitUntil(async () => {
      targets = await activeTargets();
      if (!targets.every((target) => target.health === 'up')) throw new Error(describeTargets(targets));
    }, FIRST_SCRAPES_MS).catch((error: Error) => {
      throw new Error(`not every target is up; the targets:\n${error.message}`);
    });
    expect([...new Set(targets.map((target) => target.labels.job))].sort()).toEqual(EXPECTED_JOBS);
    expect(targets.every((target) => target.scrapeUrl.startsWith('http://127.0.0.1:'))).toBe(true);
  });

  // The exporters' part of the catalogue is the contract: each name it lists has data, from its job.
  for (const headingStart of ['Debezium and Kafka Connect', 'Kafka broker', 'Postgres']) {
    const { heading, job, names } = catalogueSection(headingStart);

    it(`has data for every metric in docs/metrics.md "${heading}"`, async () => {
      expect(job, `the heading "${heading}" names no job`).toBeDefined();
      expect(names.length).toBeGreaterThan(3);
      const missing = new Set(names);
      await waitUntil(async () => {
        for (const name of missing) {
          const series = await instantQuery(`${name}{job="${job}"}`);
          if (series.length > 0) missing.delete(name);
        }
        if (missing.size > 0) throw new Error([...missing].join(', '));
      }, FIRST_SCRAPES_MS).catch((error: Error) => {
        throw new Error(`no data in Prometheus for ${error.message} (job="${job}")`);
      });
      expect([...missing]).toEqual([]);
    });
  }

  it('sees the connector and its task running, and Debezium connected to Postgres', async () => {
    const running = await instantQuery('kafka_connect_task_status{status="running"} == 1');
    expect(running.map((series) => series.metric.connector)).toContain('calculator-outbox');
    const connected = await instantQuery('debezium_streaming_connected == 1');
    expect(connected.map((series) => series.metric.server)).toEqual(['calculator']);
    const slot = await instantQuery('pg_replication_slot_active == 1');
    expect(slot.map((series) => series.metric.slot_name)).toEqual(['calculator_outbox_slot']);
  });
});
