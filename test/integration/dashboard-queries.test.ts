import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type RunnableQuery, runnableQueries } from '../../src/tooling/dashboards/dashboard-queries.ts';
import { pipelineDashboards } from '../../src/tooling/dashboards/pipeline-dashboards.ts';
import { whyNoData } from '../../src/tooling/dashboards/prometheus-query.ts';
import { sendAdditions } from '../../src/tooling/load/send-additions.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { keepAddingSlowly } from './keep-adding-slowly.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const currentHarness = useSettledHarness();

// What Grafana sends for "All" in the runtime dashboard's variables.
const ALL_VALUES = { job: '.+', instance: '.+' };
// Two scrapes at 15 s and a rule evaluation, so rates and recording rules have two samples to work from.
const FIRST_LOOK_AFTER_MS = 35_000;
const DATA_DEADLINE_MS = 150_000;
const RETRY_EVERY_MS = 5_000;

async function expectPrometheusReady() {
  const ready = await fetch(new URL('/-/ready', settings.prometheusUrl), {
    signal: AbortSignal.timeout(5_000),
  })
    .then((response) => response.ok)
    .catch(() => false);
  expect(
    ready,
    `Prometheus does not answer at ${settings.prometheusUrl}; its log is under ${settings.logDir}`,
  ).toBe(true);
}

/** Asks again for the queries without data until all have some or the deadline passes; returns the rest. */
async function queriesStillWithoutData(queries: RunnableQuery[]): Promise<string[]> {
  const deadline = Date.now() + DATA_DEADLINE_MS;
  let pending = queries.map((query) => ({ query, problem: 'not asked yet' }));
  while (pending.length > 0) {
    const asked = await Promise.all(
      pending.map(async ({ query }) => ({
        query,
        problem: await whyNoData(settings.prometheusUrl, query.promql),
      })),
    );
    pending = asked.filter(
      (entry): entry is { query: RunnableQuery; problem: string } => entry.problem !== undefined,
    );
    if (pending.length === 0 || Date.now() > deadline) break;
    await sleep(RETRY_EVERY_MS);
  }
  return pending.map(({ query, problem }) => `${query.where}: ${problem}: ${query.promql}`);
}

describe('the dashboards against the live Prometheus', () => {
  it('have data for every panel query and variable after a short load', { timeout: 360_000 }, async () => {
    await expectPrometheusReady();
    const queries = runnableQueries(
      pipelineDashboards().map((entry) => entry.dashboard),
      ALL_VALUES,
    );
    const sent = await sendAdditions({
      target: calculatorTarget(settings),
      count: 300,
      concurrency: 10,
      seed: 31,
    });
    expect(sent.errors).toEqual([]);

    const stopAdding = keepAddingSlowly();
    let withoutData: string[];
    try {
      await sleep(FIRST_LOOK_AFTER_MS);
      withoutData = await queriesStillWithoutData(queries);
    } finally {
      await stopAdding();
    }

    expect(withoutData).toEqual([]);
    expect((await currentHarness().settle()).ok).toBe(true);
  });
});
