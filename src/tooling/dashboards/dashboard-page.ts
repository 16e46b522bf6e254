import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DashboardPageModel, PagePanel } from './dashboard-page-model.ts';
import { SERIES_PALETTE } from './grafana-colours.ts';
import { drawDashboardPage } from './page-script.ts';
import { formatValue } from './unit-format.ts';

const uPlotDist = path.dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));

const PAGE_CSS = `
body { margin: 0; padding: 16px; background: #111217; color: #CCCCDC; font: 13px/1.4 system-ui, sans-serif; }
header h1 { margin: 0 0 4px; font-size: 20px; font-weight: 500; }
header p { margin: 2px 0; color: #9FA7B3; }
header ol { margin: 6px 0 0; padding-left: 22px; color: #FFB357; }
.grid { display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); grid-auto-rows: 30px; gap: 8px; margin-top: 12px; }
.row { display: flex; align-items: end; font-size: 15px; font-weight: 500; border-bottom: 1px solid #2C3235; }
.panel { display: flex; flex-direction: column; min-width: 0; background: #181B1F; border: 1px solid #2C3235; border-radius: 4px; padding: 6px 8px; }
.panel h2 { margin: 0 0 4px; font-size: 13px; font-weight: 500; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.chart { flex: 1; min-height: 0; overflow: hidden; }
.no-data { flex: 1; display: flex; align-items: center; justify-content: center; color: #F2495C; font-size: 16px; }
.figures { flex: 1; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; justify-content: center; }
.figure { font-size: 30px; font-weight: 500; text-align: center; padding: 4px 10px; border-radius: 3px; }
.figures.names .figure { font-size: 14px; color: #111217; }
/* Many series (every restarted instance has its own) must not squeeze the plot: the legend scrolls. */
.u-legend { font-size: 11px; color: #CCCCDC; display: block; max-height: 70px; overflow-y: auto; }
.u-legend .u-marker { width: 10px; height: 3px; }
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function placement({ gridPos }: PagePanel): string {
  return `grid-column: ${gridPos.x + 1} / span ${gridPos.w}; grid-row: ${gridPos.y + 1} / span ${gridPos.h}`;
}

function panelHtml(panel: PagePanel, index: number): string {
  if (panel.kind === 'row')
    return `<div class="row" style="${placement(panel)}">${escapeHtml(panel.title)}</div>`;
  const hover = escapeHtml(`${panel.description}\n\n${panel.queries.join('\n')}`);
  const heading = `<h2 title="${hover}">${escapeHtml(panel.title)}</h2>`;
  const attributes = `class="panel ${panel.kind}" style="${placement(panel)}" data-index="${index}" data-title="${escapeHtml(panel.title)}" data-unit="${escapeHtml(panel.unit)}"`;
  const hasData =
    panel.kind === 'timeseries'
      ? panel.series.some((series) => series.values.some((value) => value !== null))
      : panel.figures.some((figure) => figure.value !== null);
  if (!hasData) return `<section ${attributes}>${heading}<div class="no-data">No data</div></section>`;
  if (panel.kind === 'timeseries')
    return `<section ${attributes}>${heading}<div class="chart"></div></section>`;
  const showsNames = panel.figures.some((figure) => figure.text === figure.name);
  const figures = panel.figures
    .map((figure) => {
      const colour =
        panel.colorMode === 'background' ? `background: ${figure.colour}` : `color: ${figure.colour}`;
      return `<div class="figure" style="${colour}" data-name="${escapeHtml(figure.name)}" data-value="${figure.value ?? ''}" data-at="${figure.atSeconds ?? ''}">${escapeHtml(figure.text)}</div>`;
    })
    .join('');
  return `<section ${attributes}>${heading}<div class="figures${showsNames ? ' names' : ''}">${figures}</div></section>`;
}

function headerHtml(model: DashboardPageModel): string {
  const utc = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC');
  const markers = model.markers
    .map((marker) => `<li>${escapeHtml(utc(marker.atMs))}: ${escapeHtml(marker.label)}</li>`)
    .join('');
  return `<header><h1>${escapeHtml(model.title)}</h1><p>${escapeHtml(model.description)}</p>
<p class="window">${escapeHtml(utc(model.window.fromMs))} to ${escapeHtml(utc(model.window.toMs))}, a point every ${model.stepSeconds} s, from Prometheus at ${escapeHtml(model.prometheusUrl)}; rendered ${escapeHtml(model.renderedAt)}</p>
${markers ? `<p>Marked on the time axes, by number:</p><ol class="markers">${markers}</ol>` : ''}</header>`;
}

/** One self-contained HTML page: uPlot, the data and the drawing script inlined, nothing fetched when opened. */
export function dashboardPageHtml(model: DashboardPageModel): string {
  const uPlotCss = readFileSync(path.join(uPlotDist, 'uPlot.min.css'), 'utf8');
  const uPlotJs = readFileSync(path.join(uPlotDist, 'uPlot.iife.min.js'), 'utf8');
  // JSON inside a script element must not be able to close it.
  const data = JSON.stringify(model).replace(/</g, '\\u003c');
  const draw = `(${drawDashboardPage.toString()})(JSON.parse(document.getElementById('dashboard-model').textContent), uPlot, ${formatValue.toString()}, document.body, ${JSON.stringify(SERIES_PALETTE)}, requestAnimationFrame);`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(model.title)}</title>
<style>${uPlotCss}${PAGE_CSS}</style>
</head>
<body>
${headerHtml(model)}
<main class="grid">
${model.panels.map(panelHtml).join('\n')}
</main>
<script type="application/json" id="dashboard-model">${data}</script>
<script>${uPlotJs}</script>
<script>${draw}</script>
</body>
</html>
`;
}
