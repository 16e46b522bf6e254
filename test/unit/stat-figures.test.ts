import { describe, expect, it } from 'vitest';
import { legendName } from '../../src/tooling/dashboards/panel-series.ts';
import { reduceSeries, statFigures } from '../../src/tooling/dashboards/stat-figures.ts';

const TIMES = [100, 115, 130, 145];

describe('a stat panel', () => {
  it('reduces a series as Grafana does: last value present with its time, or the peak', () => {
    expect(reduceSeries([1, 5, null, null], TIMES, 'lastNotNull')).toEqual({ value: 5, atSeconds: 115 });
    expect(reduceSeries([1, 5, 2, null], TIMES, 'max')).toEqual({ value: 5, atSeconds: null });
    expect(reduceSeries([null, null, null, null], TIMES, 'lastNotNull')).toEqual({
      value: null,
      atSeconds: null,
    });
    expect(() => reduceSeries([1], [1], 'median')).toThrow(/"median" cannot be rendered/);
  });

  it('colours the figure by the highest threshold step it reaches', () => {
    const panel = {
      calc: 'lastNotNull',
      unit: 'bool',
      textMode: 'value',
      thresholds: [
        { value: null, color: 'red' },
        { value: 1, color: 'green' },
      ],
      colourOverrides: [],
    };
    const [down] = statFigures([{ name: 'up', values: [1, 0, null, null] }], TIMES, panel);
    const [up] = statFigures([{ name: 'up', values: [0, 1, null, null] }], TIMES, panel);
    expect(down).toMatchObject({ text: 'False', colour: '#F2495C', value: 0 });
    expect(up).toMatchObject({ text: 'True', colour: '#73BF69', value: 1 });
  });

  it("shows each series' name in its override colour when it shows names", () => {
    const figures = statFigures(
      [
        { name: 'outbox: running', values: [1, 1, 1, 1] },
        { name: 'outbox: paused', values: [1, 1, 1, 1] },
      ],
      TIMES,
      {
        calc: 'lastNotNull',
        unit: 'none',
        textMode: 'name',
        thresholds: [{ value: null, color: 'orange' }],
        colourOverrides: [{ pattern: '.*: running', color: 'green' }],
      },
    );
    expect(figures.map(({ text, colour }) => [text, colour])).toEqual([
      ['outbox: running', '#73BF69'],
      ['outbox: paused', '#FF9830'],
    ]);
  });
});

describe('legend names', () => {
  it('fill the legend format from the labels, or list the labels without one', () => {
    expect(legendName('{{topic}} / {{ partition }}', { topic: 'events', partition: '2' })).toBe('events / 2');
    expect(legendName('', { __name__: 'up', job: 'totals' })).toBe('up{job="totals"}');
    expect(legendName('', {})).toBe('value');
  });
});
