import type { DashboardPageModel } from './dashboard-page-model.ts';

// The few browser objects the script touches, typed here because the project compiles without the DOM library.
interface PageElement {
  dataset: Record<string, string | undefined>;
  clientWidth: number;
  clientHeight: number;
  offsetHeight: number;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface Canvas {
  save(): void;
  restore(): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  translate(x: number, y: number): void;
  rotate(angle: number): void;
  fillText(text: string, x: number, y: number): void;
  setLineDash(segments: number[]): void;
  strokeStyle: string;
  fillStyle: string;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
}
interface Chart {
  ctx: Canvas;
  bbox: { left: number; top: number; width: number; height: number };
  root: PageElement;
  valToPos(value: number, scale: string, canvasPixels: boolean): number;
  setSize(size: { width: number; height: number }): void;
}
interface ChartClass {
  new (options: object, data: (number | null)[][], target: PageElement): Chart;
  pxRatio: number;
  rangeNum(min: number, max: number, mult: number, extra: boolean): [number, number];
}

/**
 * Draws every time-series panel of a rendered page with uPlot, the markers as labelled vertical lines.
 * It runs in the browser from its source text, so it refers to nothing but its arguments.
 */
export function drawDashboardPage(
  model: DashboardPageModel,
  uPlot: ChartClass,
  format: (value: number | null, unit: string) => string | undefined,
  page: PageElement,
  palette: string[],
  nextFrame: (callback: () => void) => void,
): void {
  const clock = (seconds: number, withSeconds: boolean) =>
    new Date(seconds * 1000).toISOString().slice(11, withSeconds ? 19 : 16);
  const drawn: { chart: Chart; box: PageElement }[] = [];
  const withAlpha = (hex: string, opacity: number) =>
    `${hex}${Math.round(opacity * 255)
      .toString(16)
      .padStart(2, '0')}`;
  const markersPlugin = {
    hooks: {
      draw: [
        (chart: Chart) => {
          const { ctx, bbox } = chart;
          const ratio = uPlot.pxRatio;
          for (const [index, marker] of model.markers.entries()) {
            const x = Math.round(chart.valToPos(marker.atMs / 1000, 'x', true));
            if (x < bbox.left || x > bbox.left + bbox.width) continue;
            ctx.save();
            ctx.strokeStyle = '#FF9830';
            ctx.fillStyle = '#FFB357';
            ctx.lineWidth = ratio;
            ctx.setLineDash([4 * ratio, 3 * ratio]);
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            // Markers can be seconds apart: each line carries its number, the page's header the full label.
            ctx.font = `bold ${10 * ratio}px sans-serif`;
            ctx.textAlign = 'left';
            ctx.textBaseline = 'top';
            ctx.fillText(String(index + 1), x + 2 * ratio, bbox.top + (index % 2) * 11 * ratio);
            ctx.restore();
          }
        },
      ],
    },
  };
  for (const element of page.querySelectorAll('.panel.timeseries')) {
    const panel = model.panels[Number(element.dataset.index)];
    const chartBox = element.querySelector('.chart');
    if (panel?.kind !== 'timeseries' || !chartBox) continue;
    const unit = panel.unit;
    const label = (value: number | null) => (value === null ? '–' : (format(value, unit) ?? String(value)));
    const options = {
      width: chartBox.clientWidth,
      height: chartBox.clientHeight,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // The whole window, not just the points: a marker at its very end is still drawn.
        x: {
          time: true,
          range: (): [number, number] => [model.window.fromMs / 1000, model.window.toMs / 1000],
        },
        y: {
          range: (_chart: Chart, low: number | null, high: number | null): [number, number] => {
            // A flat line still needs a scale with some height, as Grafana gives it.
            const flat = low === high || low === null || high === null;
            const [autoLow, autoHigh] = flat
              ? [(low ?? 0) - Math.max(1, Math.abs(low ?? 0)), (high ?? 0) + Math.max(1, Math.abs(high ?? 0))]
              : uPlot.rangeNum(low, high, 0.1, true);
            const bottom = panel.min ?? autoLow;
            return [bottom, Math.max(panel.max ?? autoHigh, bottom + 1e-9)];
          },
        },
      },
      axes: [
        {
          stroke: '#CCCCDC',
          // Room for an HH:MM:SS label between ticks.
          space: 80,
          grid: { stroke: '#2C3235', width: 1 },
          ticks: { stroke: '#2C3235' },
          values: (_chart: Chart, splits: number[]) =>
            splits.map((time) =>
              clock(time, splits.length > 1 && (splits[1] as number) - (splits[0] as number) < 60),
            ),
        },
        {
          stroke: '#CCCCDC',
          // Wide enough for the longest label with its unit (about 8 px a character at 12 px, with the ticks and the gap).
          size: (_chart: Chart, labels: string[] | null) =>
            Math.max(40, 26 + 8 * Math.max(0, ...(labels ?? []).map((text) => text.length))),
          grid: { stroke: '#2C3235', width: 1 },
          ticks: { stroke: '#2C3235' },
          values: (_chart: Chart, splits: number[]) => splits.map((value) => label(value)),
        },
      ],
      series: [
        { label: 'time (UTC)' },
        ...panel.series.map((series, index) => {
          const colour = palette[index % palette.length] as string;
          return {
            label: series.name,
            stroke: colour,
            width: 1.5,
            fill: panel.fillOpacity > 0 ? withAlpha(colour, panel.fillOpacity / 100) : undefined,
            value: (_chart: Chart, value: number | null) => label(value),
          };
        }),
      ],
      plugins: [markersPlugin],
    };
    const chart = new uPlot(
      options,
      [model.timestamps, ...panel.series.map((series) => series.values)],
      chartBox,
    );
    drawn.push({ chart, box: chartBox });
    element.dataset.drawnSeries = String(
      panel.series.filter((series) => series.values.some((value) => value !== null)).length,
    );
  }
  // The legend sits under the plot in the same box, and has its final height only once uPlot has laid
  // the chart out: then the plot gets what the legend leaves.
  nextFrame(() => {
    for (const { chart, box } of drawn) {
      const legendHeight = chart.root.querySelector('.u-legend')?.offsetHeight ?? 0;
      chart.setSize({ width: box.clientWidth, height: Math.max(80, box.clientHeight - legendHeight) });
    }
    nextFrame(() => {
      page.dataset.drawn = 'true';
    });
  });
}
