import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardVariableValues } from './dashboard-variable-values.ts';
import { grafanaTimeVariables } from './grafana-time-variables.ts';
import { pageTimestamps, panelSeries, resolvedQueries, type SeriesData } from './panel-series.ts';
import { type GridPosition, panelSpecs } from './panel-specs.ts';
import type { RenderWindow, TimeMarker } from './render-window.ts';
import { type StatFigure, statFigures } from './stat-figures.ts';
import { formatValue } from './unit-format.ts';

interface PanelCommon {
  title: string;
  description: string;
  gridPos: GridPosition;
  unit: string;
  /** The PromQL the panel ran, variables resolved, and the legend format that names each query's series. */
  queries: string[];
  legendFormats: string[];
}

export type PagePanel =
  | { kind: 'row'; title: string; gridPos: GridPosition }
  | (PanelCommon & {
      kind: 'timeseries';
      min?: number;
      max?: number;
      fillOpacity: number;
      series: SeriesData[];
    })
  | (PanelCommon & { kind: 'stat'; calc: string; colorMode: string; figures: StatFigure[] });

/** Everything a rendered page shows, as the page embeds it. */
export interface DashboardPageModel {
  title: string;
  description: string;
  window: RenderWindow;
  stepSeconds: number;
  prometheusUrl: string;
  renderedAt: string;
  markers: TimeMarker[];
  /** Epoch seconds of every point, shared by all time-series panels. */
  timestamps: number[];
  panels: PagePanel[];
}

/** Runs each panel's PromQL over the window against Prometheus, as Grafana would on opening the dashboard. */
export async function dashboardPageModel(options: {
  prometheusUrl: string;
  dashboard: Dashboard;
  window: RenderWindow;
  minIntervalSeconds: number;
  markers?: TimeMarker[];
}): Promise<DashboardPageModel> {
  const { prometheusUrl, dashboard, window } = options;
  const time = grafanaTimeVariables(window, options.minIntervalSeconds);
  const variables = await dashboardVariableValues(prometheusUrl, dashboard, time.values);
  const points = pageTimestamps(window.fromMs, window.toMs, time.stepSeconds);
  const panels = await Promise.all(
    panelSpecs(dashboard).map(async (spec): Promise<PagePanel> => {
      if (spec.kind === 'row') return spec;
      if (formatValue(0, spec.unit) === undefined)
        throw new Error(
          `dashboard "${dashboard.title}", panel "${spec.title}": the unit "${spec.unit}" cannot be rendered`,
        );
      const queries = resolvedQueries(spec.targets, variables);
      const series = await panelSeries(prometheusUrl, spec.targets, queries, points);
      const common = {
        title: spec.title,
        description: spec.description,
        gridPos: spec.gridPos,
        unit: spec.unit,
        queries,
        legendFormats: spec.targets.map((target) => target.legendFormat),
      };
      if (spec.kind === 'timeseries')
        return {
          kind: 'timeseries',
          ...common,
          min: spec.min,
          max: spec.max,
          fillOpacity: spec.fillOpacity,
          series,
        };
      return {
        kind: 'stat',
        ...common,
        calc: spec.calc,
        colorMode: spec.colorMode,
        figures: statFigures(series, points.timestamps, spec),
      };
    }),
  );
  return {
    title: dashboard.title ?? '(untitled)',
    description: dashboard.description ?? '',
    window,
    stepSeconds: time.stepSeconds,
    prometheusUrl,
    renderedAt: new Date().toISOString(),
    markers: (options.markers ?? []).filter(
      (marker) => marker.atMs >= window.fromMs && marker.atMs <= window.toMs,
    ),
    timestamps: points.timestamps,
    panels,
  };
}
