import { describe, expect, it } from 'vitest';
import { panelSpecs } from '../../src/tooling/dashboards/panel-specs.ts';
import { committedDashboards } from '../../src/tooling/dashboards/render-dashboards.ts';
import { formatValue } from '../../src/tooling/dashboards/unit-format.ts';

describe('values formatted by Grafana unit', () => {
  it.each([
    [0.25, 's', '250 ms'],
    [90, 's', '1.5 min'],
    [1500, 'ms', '1.5 s'],
    [0.0005, 's', '500 µs'],
    [3 * 1024 * 1024, 'bytes', '3 MiB'],
    [1, 'bool', 'True'],
    [0, 'bool', 'False'],
    [0.125, 'percentunit', '12.5%'],
    [12_345, 'short', '12.3 K'],
    [2_500_000, 'reqps', '2.5 Mil req/s'],
    [42, 'eps', '42 events/s'],
    [2.71, 'none', '2.71'],
    [1234.5, 'none', '1235'],
  ])('%s in %s is %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });

  it('says so for a missing value, and returns nothing for a unit it does not know', () => {
    expect(formatValue(null, 's')).toBe('no value');
    expect(formatValue(Number.NaN, 's')).toBe('no value');
    expect(formatValue(1, 'furlongs')).toBeUndefined();
  });

  it('knows every unit the committed dashboards use', () => {
    const units = committedDashboards().flatMap(({ dashboard }) =>
      panelSpecs(dashboard).flatMap((spec) => (spec.kind === 'row' ? [] : [spec.unit])),
    );
    expect(units.length).toBeGreaterThan(10);
    expect(units.filter((unit) => formatValue(1, unit) === undefined)).toEqual([]);
  });
});
