import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DashboardPageModel } from '../../src/tooling/dashboards/dashboard-page-model.ts';
import { legendName } from '../../src/tooling/dashboards/panel-series.ts';
import { renderAllDashboards } from '../../src/tooling/dashboards/render-dashboards.ts';
import { formatValue } from '../../src/tooling/dashboards/unit-format.ts';
import { sendAdditions } from '../../src/tooling/load/send-additions.ts';
import { instantQueryAt } from '../../src/tooling/observability/prometheus-client.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { launchSystemChromium } from './headless-chromium.ts';
import { keepAddingSlowly } from './keep-adding-slowly.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';
import { checkRenderedPage, type PageCheck, type StatOnPage } from './rendered-page-check.ts';

const currentHarness = useSettledHarness();

const PAGES_DIR = path.join(settings.dataDir, 'dashboards', 'test');
const SCREENSHOTS_DIR = path.join(settings.dataDir, 'dashboards', 'screenshots');
// Two scrapes and a rule evaluation, so rates and recording rules have two samples to work from.
const FIRST_LOOK_AFTER_MS = 35_000;
const DATA_DEADLINE_MS = 150_000;
// The window ends this long ago, so no scrape still in flight can add a sample to what was rendered.
const SETTLED_MS = 30_000;

async function renderAndCheck(browser: Browser): Promise<PageCheck[]> {
  const now = Date.now();
  const files = await renderAllDashboards(
    settings.prometheusUrl,
    { fromMs: now - 10 * 60_000, toMs: now - SETTLED_MS },
    PAGES_DIR,
  );
  return Promise.all(
    files.map((file) =>
      checkRenderedPage(browser, file, path.join(SCREENSHOTS_DIR, `${path.basename(file, '.html')}.png`)),
    ),
  );
}

/** What Prometheus answers for the stat figure's query, at the figure's time, as the figure would show it. */
async function prometheusFigure(model: DashboardPageModel, stat: StatOnPage) {
  const panel = model.panels.find((candidate) => candidate.kind === 'stat' && candidate.title === stat.panel);
  if (panel?.kind !== 'stat') throw new Error(`no stat panel "${stat.panel}" in the page's model`);
  const { timestamps, stepSeconds } = model;
  const end = timestamps.at(-1) as number;
  const answers = await Promise.all(
    panel.queries.map(async (promql, index) => {
      // A figure over the whole range (its peak) is the same reduction over the same points, as a subquery.
      const query =
        panel.calc === 'max'
          ? `max_over_time((${promql})[${timestamps.length * stepSeconds}s:${stepSeconds}s])`
          : promql;
      const at = panel.calc === 'max' ? end : Number(stat.at);
      const samples = await instantQueryAt(settings.prometheusUrl, query, at);
      return samples.map((sample) => ({
        name: legendName(panel.legendFormats[index] ?? '', sample.metric),
        value: Number(sample.value[1]),
      }));
    }),
  );
  const sample = answers.flat().find((candidate) => candidate.name === stat.name);
  if (!sample) return undefined;
  const text = stat.text === stat.name ? stat.name : formatValue(sample.value, stat.unit);
  return { value: sample.value, text };
}

describe('the dashboards rendered as HTML, in headless Chromium', () => {
  it('draw a series in every panel, log no error, and show on stat panels what Prometheus answers', {
    timeout: 400_000,
  }, async () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    const sent = await sendAdditions({
      target: calculatorTarget(settings),
      count: 300,
      concurrency: 10,
      seed: 47,
    });
    expect(sent.errors).toEqual([]);
    const stopAdding = keepAddingSlowly();
    const browser = await launchSystemChromium();
    let checks: PageCheck[];
    try {
      await sleep(FIRST_LOOK_AFTER_MS);
      const deadline = Date.now() + DATA_DEADLINE_MS;
      checks = await renderAndCheck(browser);
      // Rates and quantiles fill in as scrapes arrive: ask again until every panel has data or time is up.
      while (
        checks.some((check) => check.panelsWithoutData.length + check.chartsWithoutSeries.length > 0) &&
        Date.now() < deadline
      ) {
        await sleep(5_000);
        checks = await renderAndCheck(browser);
      }
    } finally {
      await stopAdding();
      await browser.close();
    }

    expect(checks.map((check) => check.model.title).sort()).toEqual([
      'Outbox pipeline: lag',
      'Outbox pipeline: overview',
      'Outbox pipeline: runtime',
    ]);
    for (const check of checks) {
      const page = check.model.title;
      expect({ page, panelsWithoutData: check.panelsWithoutData }).toEqual({ page, panelsWithoutData: [] });
      expect({ page, chartsWithoutSeries: check.chartsWithoutSeries }).toEqual({
        page,
        chartsWithoutSeries: [],
      });
      expect({ page, errors: check.errors }).toEqual({ page, errors: [] });
    }

    const stats = checks.flatMap((check) => check.stats.map((stat) => ({ model: check.model, stat })));
    expect(stats.length).toBeGreaterThanOrEqual(6);
    for (const { model, stat } of stats) {
      const shown = { panel: stat.panel, name: stat.name, value: Number(stat.value), text: stat.text };
      const answered = await prometheusFigure(model, stat);
      expect(shown).toEqual({ panel: stat.panel, name: stat.name, ...answered });
    }
    expect((await currentHarness().settle()).ok).toBe(true);
  });
});
