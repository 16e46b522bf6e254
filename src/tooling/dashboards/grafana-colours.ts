import type { ThresholdStep } from './panel-specs.ts';

// Grafana's dark theme shades for the colour names dashboards use.
const NAMED: Record<string, string> = {
  green: '#73BF69',
  red: '#F2495C',
  orange: '#FF9830',
  yellow: '#FADE2A',
  blue: '#5794F2',
  purple: '#B877D9',
  text: '#CCCCDC',
};

/** Grafana's classic palette, the colours series take in order. */
export const SERIES_PALETTE = [
  '#7EB26D',
  '#EAB839',
  '#6ED0E0',
  '#EF843C',
  '#E24D42',
  '#1F78C1',
  '#BA43A9',
  '#705DA0',
  '#508642',
  '#CCA300',
];

/** A colour name Grafana knows, or a CSS colour as given (`#rrggbb`, `rgba(…)`). */
export function cssColour(name: string): string {
  return NAMED[name] ?? name;
}

/** The colour of the highest step at or below the value; the base step's when there is none. */
export function thresholdColour(steps: ThresholdStep[], value: number | null): string {
  let colour = NAMED.text as string;
  for (const step of steps) {
    if (step.value === null || (value !== null && value >= step.value)) colour = cssColour(step.color);
  }
  return colour;
}
