import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeSeriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** The one Prometheus data source every panel reads; `dashboards/provisioning` creates it with this uid. */
export const PROMETHEUS_DATASOURCE = Object.freeze({ type: 'prometheus', uid: 'prometheus' });

export interface Query {
  expr: string;
  /** Grafana legend template, e.g. `{{partition}}`; every series needs a name a reader understands. */
  legend: string;
}

interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit id (`s`, `reqps`, `bytes`, …). */
  unit: string;
  queries: Query[];
  width?: number;
  height?: number;
}

function prometheusTarget(query: Query, index: number): DataqueryBuilder {
  return new DataqueryBuilder()
    .datasource(PROMETHEUS_DATASOURCE)
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr)
    .legendFormat(query.legend)
    .range();
}

export function timeSeriesPanel(spec: PanelSpec & { stack?: boolean; min?: number }): TimeSeriesPanelBuilder {
  const panel = new TimeSeriesPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(spec.unit)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .fillOpacity(10)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([]),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .targets(spec.queries.map(prometheusTarget));
  if (spec.min !== undefined) panel.min(spec.min);
  return panel;
}

/**
 * A single value, the last one unless `calc` says otherwise (`max`, …); `showNames` prints each series'
 * legend instead of its value (status panels).
 */
export function statPanel(spec: PanelSpec & { showNames?: boolean; calc?: string }): StatPanelBuilder {
  return new StatPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(spec.unit)
    .span(spec.width ?? 6)
    .height(spec.height ?? 4)
    .graphMode(spec.showNames ? BigValueGraphMode.None : BigValueGraphMode.Area)
    .colorMode(spec.showNames ? BigValueColorMode.Background : BigValueColorMode.Value)
    .textMode(spec.showNames ? BigValueTextMode.Name : BigValueTextMode.Value)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs([spec.calc ?? 'lastNotNull']).values(false))
    .targets(spec.queries.map(prometheusTarget));
}

/** Colours by value: `base` below the first step, then each step's colour from its value up. */
export function thresholds(
  base: string,
  steps: { from: number; color: string }[] = [],
): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map((step) => ({ value: step.from, color: step.color }))]);
}

/** `histogram_quantile` over a classic histogram's buckets, summed across instances. */
export function quantile(q: number, histogram: string, selector = '', by: string[] = []): string {
  const groups = ['le', ...by].join(', ');
  return `histogram_quantile(${q}, sum by (${groups}) (rate(${histogram}_bucket${selector}[$__rate_interval])))`;
}

/**
 * `job` and `instance` choices read from a metric every Node.js service exports; "All" matches any value
 * (`.+`), and both reload with the time range so a restarted instance appears.
 */
export function jobAndInstanceVariables(metric: string): QueryVariableBuilder[] {
  const variable = (name: string, label: string, query: string) =>
    new QueryVariableBuilder(name)
      .label(label)
      .datasource(PROMETHEUS_DATASOURCE)
      .query(query)
      .definition(query)
      .multi(true)
      .includeAll(true)
      .allValue('.+')
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc);
  return [
    variable('job', 'job', `label_values(${metric}, job)`),
    variable('instance', 'instance', `label_values(${metric}{job=~"$job"}, instance)`),
  ];
}

/** The settings every dashboard of the pipeline shares: read-only (it is generated), 10 s refresh. */
export function pipelineDashboard(uid: string, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['outbox-pipeline'])
    .readonly()
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-30m', to: 'now' })
    .refresh('10s');
}

/** Builds the dashboard and numbers its panels in order: the SDK leaves ids unset (rows get 0). */
export function buildNumbered(builder: cog.Builder<Dashboard>): Dashboard {
  const dashboard = builder.build();
  let nextId = 1;
  for (const panel of dashboard.panels ?? []) {
    panel.id = nextId++;
    if ('panels' in panel) for (const inner of panel.panels) inner.id = nextId++;
  }
  return dashboard;
}
