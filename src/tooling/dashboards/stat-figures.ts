import { cssColour, thresholdColour } from './grafana-colours.ts';
import type { SeriesData } from './panel-series.ts';
import type { ThresholdStep } from './panel-specs.ts';
import { formatValue } from './unit-format.ts';

export interface StatFigure {
  name: string;
  value: number | null;
  /** When the value was measured (epoch seconds) for `lastNotNull`/`last`; null for a figure over the range. */
  atSeconds: number | null;
  text: string;
  colour: string;
}

/** A series reduced to one value as Grafana's reduce option `calc` does, and when that value was taken. */
export function reduceSeries(
  values: (number | null)[],
  timestamps: number[],
  calc: string,
): { value: number | null; atSeconds: number | null } {
  const present = values.filter((value): value is number => value !== null);
  switch (calc) {
    case 'lastNotNull':
    case 'last': {
      for (let index = values.length - 1; index >= 0; index--) {
        const value = values[index];
        if (value !== null && value !== undefined) return { value, atSeconds: timestamps[index] ?? null };
        if (calc === 'last') return { value: null, atSeconds: timestamps[index] ?? null };
      }
      return { value: null, atSeconds: null };
    }
    case 'max':
      return { value: present.length > 0 ? Math.max(...present) : null, atSeconds: null };
    case 'min':
      return { value: present.length > 0 ? Math.min(...present) : null, atSeconds: null };
    case 'mean':
      return {
        value: present.length > 0 ? present.reduce((sum, value) => sum + value, 0) / present.length : null,
        atSeconds: null,
      };
    default:
      throw new Error(
        `the stat reduction "${calc}" cannot be rendered (lastNotNull, last, max, min or mean can)`,
      );
  }
}

/**
 * One figure per series, as a stat panel shows it: the value with its unit (or the series' name when
 * the panel shows names), coloured by a matching colour override or else by the thresholds.
 */
export function statFigures(
  series: SeriesData[],
  timestamps: number[],
  panel: {
    calc: string;
    unit: string;
    textMode: string;
    thresholds: ThresholdStep[];
    colourOverrides: { pattern: string; color: string }[];
  },
): StatFigure[] {
  return series.map(({ name, values }) => {
    const { value, atSeconds } = reduceSeries(values, timestamps, panel.calc);
    const formatted = formatValue(value, panel.unit);
    if (formatted === undefined) throw new Error(`the unit "${panel.unit}" cannot be rendered`);
    const override = panel.colourOverrides.find(({ pattern }) => new RegExp(`^(?:${pattern})$`).test(name));
    return {
      name,
      value,
      atSeconds,
      text: panel.textMode === 'name' ? name : formatted,
      colour: override ? cssColour(override.color) : thresholdColour(panel.thresholds, value),
    };
  });
}
