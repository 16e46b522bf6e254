import type { Browser } from 'playwright-core';
import type { DashboardPageModel } from '../../src/tooling/dashboards/dashboard-page-model.ts';

export interface StatOnPage {
  panel: string;
  unit: string;
  name: string;
  value: string;
  at: string;
  text: string;
}

export interface PageCheck {
  model: DashboardPageModel;
  /** Titles of panels showing "No data". */
  panelsWithoutData: string[];
  /** Titles of time-series panels that drew no series. */
  chartsWithoutSeries: string[];
  /** Console errors and uncaught exceptions the page logged. */
  errors: string[];
  stats: StatOnPage[];
}

/** Opens a rendered page in the browser, waits until it has drawn, screenshots it and reports what it shows. */
export async function checkRenderedPage(
  browser: Browser,
  file: string,
  screenshot: string,
): Promise<PageCheck> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  // Nothing on the page may come from the network: any request but the file itself fails the check.
  page.on('request', (request) => {
    if (!request.url().startsWith('file://')) errors.push(`network request: ${request.url()}`);
  });
  try {
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-drawn="true"]', { timeout: 15_000 });
    await page.screenshot({ path: screenshot, fullPage: true });
    const titlesOf = (selector: string) =>
      page
        .locator(selector)
        .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-title') ?? ''));
    const drawnSeries = await page.locator('.panel.timeseries').evaluateAll((elements) =>
      elements.map((element) => ({
        title: element.getAttribute('data-title') ?? '',
        series: Number(element.getAttribute('data-drawn-series') ?? '0'),
        canvases: element.querySelectorAll('canvas').length,
      })),
    );
    const stats = await page.locator('.panel.stat .figure').evaluateAll((elements) =>
      elements.map((figure) => {
        const panel = figure.closest('.panel');
        return {
          panel: panel?.getAttribute('data-title') ?? '',
          unit: panel?.getAttribute('data-unit') ?? '',
          name: figure.getAttribute('data-name') ?? '',
          value: figure.getAttribute('data-value') ?? '',
          at: figure.getAttribute('data-at') ?? '',
          text: figure.textContent ?? '',
        };
      }),
    );
    return {
      model: JSON.parse((await page.locator('#dashboard-model').textContent()) ?? 'null'),
      panelsWithoutData: await titlesOf('.panel:has(.no-data)'),
      chartsWithoutSeries: drawnSeries
        .filter((chart) => chart.series < 1 || chart.canvases === 0)
        .map((chart) => chart.title),
      errors,
      stats,
    };
  } finally {
    await page.close();
  }
}
