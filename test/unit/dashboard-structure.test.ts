import type { Dashboard, GridPos, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { describe, expect, it } from 'vitest';
import {
  labelValuesAsPromql,
  panelQueries,
  panelsOf,
  variableQueries,
} from '../../src/tooling/dashboards/dashboard-queries.ts';
import { PROMETHEUS_DATASOURCE } from '../../src/tooling/dashboards/panel-helpers.ts';
import { dashboardJson, pipelineDashboards } from '../../src/tooling/dashboards/pipeline-dashboards.ts';
import { loadCatalogueNames } from '../../src/tooling/observability/metric-catalogue.ts';
import { metricNamesIn } from '../../src/tooling/observability/promql-metric-names.ts';

// What Grafana reads: the JSON text, not the builder objects.
const dashboards = pipelineDashboards().map(
  ({ dashboard }) => JSON.parse(dashboardJson(dashboard)) as Dashboard,
);
const grafanaUnits = new Set<string>(Object.values(units).filter((value) => typeof value === 'string'));
const catalogue = loadCatalogueNames();

interface PanelJson extends Panel {
  options?: { legend?: { showLegend?: boolean } };
}

function eachPanel(check: (dashboard: Dashboard, panel: PanelJson) => string[]): string[] {
  return dashboards.flatMap((dashboard) =>
    panelsOf(dashboard).flatMap((panel) =>
      check(dashboard, panel).map(
        (problem) => `${dashboard.title} / ${panel.title ?? '(untitled)'}: ${problem}`,
      ),
    ),
  );
}

function overlaps(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('the dashboards', () => {
  it('keep their uids, which links and provisioning rely on', () => {
    expect(dashboards.map((dashboard) => dashboard.uid)).toEqual([
      'outbox-pipeline-overview',
      'outbox-pipeline-lag',
      'outbox-pipeline-runtime',
    ]);
  });

  it('are read-only in Grafana, since they are generated', () => {
    expect(dashboards.map((dashboard) => dashboard.editable)).toEqual([false, false, false]);
  });

  it('give every panel a title, a description, the fixed data source, a Grafana unit and a legend', () => {
    const problems = eachPanel((_, panel) => {
      const found: string[] = [];
      if (!panel.title?.trim()) found.push('no title');
      if (!panel.description?.trim()) found.push('no description');
      if (JSON.stringify(panel.datasource) !== JSON.stringify(PROMETHEUS_DATASOURCE))
        found.push(`data source ${JSON.stringify(panel.datasource)}`);
      const unit = panel.fieldConfig?.defaults.unit;
      if (!unit || !grafanaUnits.has(unit)) found.push(`unit ${JSON.stringify(unit)} is not a Grafana unit`);
      if (panel.type === 'timeseries' && panel.options?.legend?.showLegend !== true)
        found.push('legend hidden');
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('give every panel at least one target, each with PromQL, a legend and the fixed data source', () => {
    const problems = eachPanel((_, panel) => {
      const targets = (panel.targets ?? []) as {
        expr?: string;
        legendFormat?: string;
        refId?: string;
        datasource?: unknown;
      }[];
      if (targets.length === 0) return ['no target'];
      const refIds = targets.map((target) => target.refId);
      return [
        ...(new Set(refIds).size === refIds.length ? [] : [`repeated refIds ${refIds.join(',')}`]),
        ...targets.flatMap((target) => [
          ...(target.expr?.trim() ? [] : [`target ${target.refId} has no expr`]),
          ...(target.legendFormat?.trim() ? [] : [`target ${target.refId} has no legend`]),
          ...(JSON.stringify(target.datasource) === JSON.stringify(PROMETHEUS_DATASOURCE)
            ? []
            : [`target ${target.refId} data source ${JSON.stringify(target.datasource)}`]),
        ]),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('read only metrics and recording rules the catalogue (docs/metrics.md) lists', () => {
    const unknown = dashboards.flatMap((dashboard) => [
      ...panelQueries(dashboard).flatMap((query) =>
        metricNamesIn(query.expr)
          .filter((name) => !catalogue.has(name))
          .map((name) => `${query.dashboard} / ${query.panel} / ${query.refId}: ${name}`),
      ),
      ...variableQueries(dashboard).flatMap((variable) =>
        metricNamesIn(labelValuesAsPromql(variable.query))
          .filter((name) => !catalogue.has(name))
          .map((name) => `${variable.dashboard} / $${variable.variable}: ${name}`),
      ),
    ]);
    expect(unknown).toEqual([]);
  });

  it('find at least one name in every query, so the catalogue check above checks something', () => {
    const nameless = dashboards
      .flatMap(panelQueries)
      .filter((query) => metricNamesIn(query.expr).length === 0)
      .map((query) => `${query.dashboard} / ${query.panel}: ${query.expr}`);
    expect(nameless).toEqual([]);
  });

  it('take rate, irate and increase over $__rate_interval, so a window always holds enough scrapes', () => {
    const fixedWindows = dashboards
      .flatMap(panelQueries)
      .filter((query) =>
        // Strings first: a label regex may hold parentheses.
        /\b(rate|irate|increase)\s*\((?![^)]*\[\$__rate_interval\])/.test(
          query.expr.replace(/"(?:[^"\\]|\\.)*"/g, '""'),
        ),
      )
      .map((query) => `${query.dashboard} / ${query.panel}: ${query.expr}`);
    expect(fixedWindows).toEqual([]);
  });

  it('use only variables the dashboard defines, each read from the fixed data source on time change', () => {
    const problems = dashboards.flatMap((dashboard) => {
      const variables = dashboard.templating.list ?? [];
      const defined = new Set(variables.map((variable) => variable.name));
      const undefinedUses = panelQueries(dashboard).flatMap((query) =>
        [...query.expr.matchAll(/\$(?!__)(\w+)/g)]
          .filter((use) => !defined.has(use[1] ?? ''))
          .map((use) => `${dashboard.title} / ${query.panel}: $${use[1]} is not defined`),
      );
      const badVariables = variables
        .filter(
          (variable) =>
            JSON.stringify(variable.datasource) !== JSON.stringify(PROMETHEUS_DATASOURCE) ||
            variable.refresh !== 2,
        )
        .map((variable) => `${dashboard.title} / $${variable.name}: data source or refresh`);
      return [...undefinedUses, ...badVariables];
    });
    expect(problems).toEqual([]);
  });

  it('lay panels out inside the 24-column grid without overlaps, with unique ids', () => {
    const problems = dashboards.flatMap((dashboard) => {
      const placed = (dashboard.panels ?? []).map((panel) => ({
        title: panel.title,
        id: panel.id,
        grid: panel.gridPos,
      }));
      const found: string[] = [];
      const ids = placed.map((panel) => panel.id);
      if (new Set(ids).size !== ids.length || ids.some((id) => !id)) found.push(`ids ${ids.join(',')}`);
      for (const [index, panel] of placed.entries()) {
        if (!panel.grid) {
          found.push(`${panel.title}: no position`);
          continue;
        }
        if (panel.grid.x + panel.grid.w > 24) found.push(`${panel.title}: wider than the grid`);
        for (const other of placed.slice(index + 1)) {
          if (other.grid && overlaps(panel.grid, other.grid))
            found.push(`${panel.title} overlaps ${other.title}`);
        }
      }
      return found.map((problem) => `${dashboard.title}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });
});
