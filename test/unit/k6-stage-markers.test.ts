import { describe, expect, it } from 'vitest';
import { k6DurationMs, k6StageMarkers } from '../../src/tooling/load/k6-stage-markers.ts';

describe('k6 stage markers', () => {
  it('read k6 durations', () => {
    expect(k6DurationMs('1m0s')).toBe(60_000);
    expect(k6DurationMs('1h2m3s')).toBe(3_723_000);
    expect(k6DurationMs('500ms')).toBe(500);
    expect(() => k6DurationMs('soon')).toThrow(/not a k6 duration: "soon"/);
  });

  it('mark where each stage begins and where the scenario ends', () => {
    const markers = k6StageMarkers(
      {
        main: {
          executor: 'ramping-arrival-rate',
          timeUnit: '1s',
          stages: [
            { duration: '15s', target: 20 },
            { duration: '5s', target: 1500 },
          ],
        },
      },
      1_000_000,
    );
    expect(markers).toEqual([
      { atMs: 1_000_000, label: 'main stage 1: to 20/s over 15s' },
      { atMs: 1_015_000, label: 'main stage 2: to 1500/s over 5s' },
      { atMs: 1_020_000, label: 'main: end' },
    ]);
  });

  it('mark a constant scenario where it starts and ends', () => {
    const markers = k6StageMarkers(
      { main: { executor: 'constant-vus', vus: 2, duration: '20s', startTime: '10s' } },
      0,
    );
    expect(markers).toEqual([
      { atMs: 10_000, label: 'main: 2 VUs for 20s' },
      { atMs: 30_000, label: 'main: end' },
    ]);
  });
});
