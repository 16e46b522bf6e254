import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { instantQuery } from '../observability/prometheus-client.ts';
import { labelValuesAsPromql, resolveVariables } from './dashboard-queries.ts';

/**
 * The value Grafana substitutes for each dashboard variable on first load: "All" (the variable's
 * `allValue`) when it offers one, otherwise every value `label_values` finds (as one regex alternation
 * for a multi-value variable, the first otherwise). Earlier variables and `builtIns` resolve later queries.
 */
export async function dashboardVariableValues(
  prometheusUrl: string,
  dashboard: Dashboard,
  builtIns: Record<string, string>,
): Promise<Record<string, string>> {
  const values: Record<string, string> = { ...builtIns };
  for (const variable of dashboard.templating.list ?? []) {
    const where = `dashboard "${dashboard.title}", variable $${variable.name}`;
    if (variable.type === 'constant') {
      values[variable.name] = String(variable.query ?? '');
      continue;
    }
    if (variable.type !== 'query')
      throw new Error(
        `${where} is of type "${variable.type}"; only query and constant variables can be rendered`,
      );
    if (variable.includeAll && variable.allValue) {
      values[variable.name] = variable.allValue;
      continue;
    }
    const label = typeof variable.query === 'string' ? variable.query : '';
    const samples = await instantQuery(prometheusUrl, resolveVariables(labelValuesAsPromql(label), values));
    const found = samples
      .map((sample) => Object.values(sample.metric)[0] ?? '')
      .filter(Boolean)
      .sort();
    if (found.length === 0) throw new Error(`${where}: ${label} finds no values in Prometheus`);
    values[variable.name] = variable.multi ? found.join('|') : (found[0] as string);
  }
  return values;
}
