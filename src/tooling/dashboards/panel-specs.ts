import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

export interface GridPosition {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PanelTarget {
  refId: string;
  expr: string;
  legendFormat: string;
}

export interface ThresholdStep {
  /** Null for the base colour, below every other step. */
  value: number | null;
  color: string;
}

interface CommonSpec {
  title: string;
  description: string;
  gridPos: GridPosition;
  unit: string;
  min?: number;
  max?: number;
  thresholds: ThresholdStep[];
  /** Fixed colours for the series whose name matches a regular expression (Grafana's byRegexp overrides). */
  colourOverrides: { pattern: string; color: string }[];
  targets: PanelTarget[];
}

export type PanelSpec =
  | { kind: 'row'; title: string; gridPos: GridPosition }
  | (CommonSpec & { kind: 'timeseries'; fillOpacity: number })
  | (CommonSpec & { kind: 'stat'; calc: string; textMode: string; colorMode: string; graphMode: string });

// The JSON is read loosely: only the fields a rendering needs, each checked where it is used.
type Loose = Record<string, unknown>;
const record = (value: unknown): Loose => (value && typeof value === 'object' ? (value as Loose) : {});
const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
const optionalNumber = (value: unknown) => (typeof value === 'number' ? value : undefined);

function gridPositionOf(panel: Loose, where: string): GridPosition {
  const grid = record(panel.gridPos);
  const [x, y, w, h] = [grid.x, grid.y, grid.w, grid.h];
  if (![x, y, w, h].every((value) => typeof value === 'number'))
    throw new Error(`${where} has no complete gridPos (x, y, w, h)`);
  return { x, y, w, h } as GridPosition;
}

function colourOverridesOf(fieldConfig: Loose): { pattern: string; color: string }[] {
  const overrides = Array.isArray(fieldConfig.overrides) ? fieldConfig.overrides : [];
  return overrides.flatMap((override) => {
    const matcher = record(record(override).matcher);
    if (matcher.id !== 'byRegexp') return [];
    const properties = Array.isArray(record(override).properties)
      ? (record(override).properties as Loose[])
      : [];
    return properties
      .filter((property) => property.id === 'color')
      .map((property) => ({
        pattern: text(matcher.options),
        color: text(record(property.value).fixedColor),
      }));
  });
}

function commonSpecOf(panel: Loose, where: string): CommonSpec {
  const fieldConfig = record(panel.fieldConfig);
  const defaults = record(fieldConfig.defaults);
  const steps = record(defaults.thresholds).steps;
  const targets = (Array.isArray(panel.targets) ? panel.targets : []).map((target, index) => {
    const loose = record(target);
    const expr = text(loose.expr);
    if (!expr) throw new Error(`${where}, target ${index + 1}, has no PromQL expr`);
    return { refId: text(loose.refId, String(index)), expr, legendFormat: text(loose.legendFormat) };
  });
  return {
    title: text(panel.title, '(untitled)'),
    description: text(panel.description),
    gridPos: gridPositionOf(panel, where),
    unit: text(defaults.unit, 'none'),
    min: optionalNumber(defaults.min),
    max: optionalNumber(defaults.max),
    thresholds: Array.isArray(steps)
      ? steps.map((step) => ({
          value: optionalNumber(record(step).value) ?? null,
          color: text(record(step).color),
        }))
      : [],
    colourOverrides: colourOverridesOf(fieldConfig),
    targets,
  };
}

function specOf(panel: Loose, dashboardTitle: string): PanelSpec {
  const where = `dashboard "${dashboardTitle}", panel "${text(panel.title, '(untitled)')}"`;
  switch (panel.type) {
    case 'row':
      return { kind: 'row', title: text(panel.title), gridPos: gridPositionOf(panel, where) };
    case 'timeseries': {
      const custom = record(record(record(panel.fieldConfig).defaults).custom);
      return {
        kind: 'timeseries',
        ...commonSpecOf(panel, where),
        fillOpacity: optionalNumber(custom.fillOpacity) ?? 0,
      };
    }
    case 'stat': {
      const options = record(panel.options);
      const calcs = record(options.reduceOptions).calcs;
      return {
        kind: 'stat',
        ...commonSpecOf(panel, where),
        calc: Array.isArray(calcs) && typeof calcs[0] === 'string' ? calcs[0] : 'lastNotNull',
        textMode: text(options.textMode, 'auto'),
        colorMode: text(options.colorMode, 'value'),
        graphMode: text(options.graphMode, 'none'),
      };
    }
    default:
      throw new Error(
        `${where} is of type "${String(panel.type)}"; only row, timeseries and stat can be rendered`,
      );
  }
}

/** Every panel of the dashboard in the order Grafana lays them out, those inside collapsed rows after their row. */
export function panelSpecs(dashboard: Dashboard): PanelSpec[] {
  const title = dashboard.title ?? '(untitled)';
  return (dashboard.panels ?? []).flatMap((panel) => {
    const loose = panel as unknown as Loose;
    const inner = Array.isArray(loose.panels) ? (loose.panels as Loose[]) : [];
    return [specOf(loose, title), ...inner.map((child) => specOf(child, title))];
  });
}
