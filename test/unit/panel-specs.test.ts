import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { panelsOf } from '../../src/tooling/dashboards/dashboard-queries.ts';
import { panelSpecs } from '../../src/tooling/dashboards/panel-specs.ts';
import { committedDashboards } from '../../src/tooling/dashboards/render-dashboards.ts';

describe('the panels a rendered page is built from', () => {
  it('are every panel of each committed dashboard, with its title, unit and queries', () => {
    for (const { dashboard } of committedDashboards()) {
      const specs = panelSpecs(dashboard).filter((spec) => spec.kind !== 'row');
      expect(specs.map((spec) => spec.title)).toEqual(panelsOf(dashboard).map((panel) => panel.title));
      for (const spec of specs) {
        expect(spec.targets.length, spec.title).toBeGreaterThan(0);
        expect(spec.unit, spec.title).not.toBe('');
      }
    }
  });

  it("keep a stat panel's thresholds and colour overrides", () => {
    const runtime = committedDashboards().find(({ stem }) => stem === 'runtime')?.dashboard as Dashboard;
    const connectorStatus = panelSpecs(runtime).find((spec) => spec.title === 'Connector status');
    expect(connectorStatus).toMatchObject({
      kind: 'stat',
      textMode: 'name',
      thresholds: [{ value: null, color: 'orange' }],
      colourOverrides: [
        { pattern: '.*: running', color: 'green' },
        { pattern: '.*: failed', color: 'red' },
      ],
    });
  });

  it('refuses a panel type it cannot draw, naming the panel', () => {
    const dashboard = {
      title: 'odd',
      panels: [{ type: 'piechart', title: 'Shares', gridPos: { x: 0, y: 0, w: 6, h: 6 } }],
    } as unknown as Dashboard;
    expect(() => panelSpecs(dashboard)).toThrow(/panel "Shares" is of type "piechart"/);
  });
});
