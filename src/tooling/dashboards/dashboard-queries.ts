import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

export interface VariableQuery {
  dashboard: string;
  variable: string;
  query: string;
}

/** Panels in order, those inside collapsed rows included; rows themselves are not panels with queries. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  const panels: Panel[] = [];
  for (const panel of dashboard.panels ?? []) {
    if (isRow(panel)) panels.push(...panel.panels);
    else panels.push(panel);
  }
  return panels;
}

export function isRow(panel: Panel | RowPanel): panel is RowPanel {
  return panel.type === 'row';
}

export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  return panelsOf(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => {
      const { refId, expr } = target as { refId?: string; expr?: string };
      return {
        dashboard: dashboard.title ?? '(untitled)',
        panel: panel.title ?? '(untitled)',
        refId: refId ?? '',
        expr: expr ?? '',
      };
    }),
  );
}

export function variableQueries(dashboard: Dashboard): VariableQuery[] {
  return (dashboard.templating.list ?? [])
    .filter((variable) => variable.type === 'query')
    .map((variable) => ({
      dashboard: dashboard.title ?? '(untitled)',
      variable: variable.name,
      query: typeof variable.query === 'string' ? variable.query : JSON.stringify(variable.query),
    }));
}

/**
 * PromQL with every Grafana variable (`$name`, `${name}`, `[[name]]`, the built-ins such as
 * `$__rate_interval` included) replaced by its value in `values`; a variable without one is an error.
 */
export function resolveVariables(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)\}|\[\[(\w+)\]\]|\$(\w+)/g, (whole, braced, bracketed, bare) => {
    const name = braced ?? bracketed ?? bare;
    const value = values[name];
    if (value === undefined) throw new Error(`no value for dashboard variable ${whole} in: ${expr}`);
    return value;
  });
}

/**
 * A panel's PromQL as Prometheus can run it outside Grafana: `$__rate_interval` and `$__interval` become
 * `rateInterval`, and each dashboard variable its given value.
 */
export function withoutGrafanaVariables(
  expr: string,
  variables: Record<string, string>,
  rateInterval = '1m',
): string {
  return resolveVariables(expr, { __rate_interval: rateInterval, __interval: rateInterval, ...variables });
}

/** Grafana's `label_values(<selector>, <label>)` as the PromQL whose result lists those values. */
export function labelValuesAsPromql(query: string): string {
  const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query.trim());
  if (!match) throw new Error(`not a label_values(<selector>, <label>) query: ${query}`);
  return `group by (${match[2]}) (${match[1]})`;
}

export interface RunnableQuery {
  /** Dashboard / panel / refId, or dashboard / variable. */
  where: string;
  promql: string;
}

/**
 * Every panel query and `label_values` variable of the dashboards as PromQL Prometheus runs as it is,
 * each dashboard variable set to `values` (for the runtime dashboard's "All": `.+`).
 */
export function runnableQueries(dashboards: Dashboard[], values: Record<string, string>): RunnableQuery[] {
  return dashboards.flatMap((dashboard) => [
    ...panelQueries(dashboard).map((query) => ({
      where: `${query.dashboard} / ${query.panel} / ${query.refId}`,
      promql: withoutGrafanaVariables(query.expr, values),
    })),
    ...variableQueries(dashboard).map((variable) => ({
      where: `${variable.dashboard} / variable $${variable.variable}`,
      promql: withoutGrafanaVariables(labelValuesAsPromql(variable.query), values),
    })),
  ]);
}
