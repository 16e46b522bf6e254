import { describe, expect, it } from 'vitest';
import { grafanaTimeVariables } from '../../src/tooling/dashboards/grafana-time-variables.ts';
import { parseDuration, parseMoment, renderWindowFrom } from '../../src/tooling/dashboards/render-window.ts';

const NOW = Date.parse('2026-11-25T18:00:00Z');

describe('the window a dashboard is rendered over', () => {
  it('defaults to the last 15 minutes', () => {
    expect(renderWindowFrom({}, NOW)).toEqual({ fromMs: NOW - 15 * 60_000, toMs: NOW });
  });

  it('takes --last, or --from and --to as now-relative or ISO 8601 times', () => {
    expect(renderWindowFrom({ last: '2h' }, NOW)).toEqual({ fromMs: NOW - 7_200_000, toMs: NOW });
    expect(renderWindowFrom({ from: 'now-30m', to: 'now-10m' }, NOW)).toEqual({
      fromMs: NOW - 1_800_000,
      toMs: NOW - 600_000,
    });
    expect(renderWindowFrom({ from: '2026-11-25T17:00:00Z' }, NOW).fromMs).toBe(
      Date.parse('2026-11-25T17:00:00Z'),
    );
  });

  it('refuses bad durations, times and windows, naming the problem', () => {
    expect(() => parseDuration('15')).toThrow(/not a duration: "15"/);
    expect(() => parseDuration('0m')).toThrow(/longer than zero/);
    expect(() => parseMoment('yesterday', NOW)).toThrow(/not a time: "yesterday"/);
    expect(() => renderWindowFrom({ last: '5m', from: 'now-1h' }, NOW)).toThrow(/--last cannot be combined/);
    expect(() => renderWindowFrom({ from: 'now', to: 'now-5m' }, NOW)).toThrow(/the window is empty/);
  });
});

describe("Grafana's time variables", () => {
  it('give a 15-minute window the scrape interval as step and four scrapes as rate interval', () => {
    const { stepSeconds, values } = grafanaTimeVariables({ fromMs: NOW - 900_000, toMs: NOW }, 15);
    expect(stepSeconds).toBe(15);
    expect(values).toMatchObject({
      __interval: '15s',
      __rate_interval: '60s',
      __range: '900s',
      __range_s: '900',
    });
  });

  it('widen the step for a long window to a round one, and the rate interval with it', () => {
    const { stepSeconds, values } = grafanaTimeVariables({ fromMs: NOW - 86_400_000, toMs: NOW }, 15);
    expect(stepSeconds).toBe(120);
    expect(values.__rate_interval).toBe('135s');
  });
});
