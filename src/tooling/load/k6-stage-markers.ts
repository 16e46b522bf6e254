import { spawnSync } from 'node:child_process';
import type { TimeMarker } from '../dashboards/render-window.ts';

const K6_UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A k6 duration (`15s`, `1m0s`, `1h30m`, `500ms`) in milliseconds. */
export function k6DurationMs(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text)
    throw new Error(`not a k6 duration: "${text}"`);
  return parts.reduce(
    (total, part) => total + Number(part[1]) * (K6_UNIT_MS[part[2] as string] as number),
    0,
  );
}

interface K6Scenario {
  executor: string;
  startTime?: string | null;
  timeUnit?: string | null;
  rate?: number | null;
  vus?: number | null;
  duration?: string | null;
  stages?: { duration: string; target: number }[] | null;
}

/** The options k6 derives from a script (`k6 inspect`), with the same environment the run gets. */
export function inspectK6Scenarios(
  k6: string,
  script: string,
  env: NodeJS.ProcessEnv,
): Record<string, K6Scenario> {
  const inspected = spawnSync(k6, ['inspect', script], { encoding: 'utf8', env });
  if (inspected.status !== 0) throw new Error(`k6 inspect ${script} failed: ${inspected.stderr}`);
  return (JSON.parse(inspected.stdout) as { scenarios?: Record<string, K6Scenario> }).scenarios ?? {};
}

/**
 * A marker where each scenario starts, where each of its stages begins (the target it ramps to) and
 * where it ends, counted from `startedMs`, the moment the scenarios began.
 */
export function k6StageMarkers(scenarios: Record<string, K6Scenario>, startedMs: number): TimeMarker[] {
  return Object.entries(scenarios).flatMap(([name, scenario]) => {
    let at = startedMs + k6DurationMs(scenario.startTime || '0s');
    const per = scenario.executor.includes('arrival-rate')
      ? `/${scenario.timeUnit === '1s' ? 's' : scenario.timeUnit}`
      : ' VUs';
    const markers: TimeMarker[] = [];
    if (scenario.stages && scenario.stages.length > 0) {
      for (const [index, stage] of scenario.stages.entries()) {
        markers.push({
          atMs: at,
          label: `${name} stage ${index + 1}: to ${stage.target}${per} over ${stage.duration}`,
        });
        at += k6DurationMs(stage.duration);
      }
    } else if (scenario.duration) {
      const level = scenario.rate ?? scenario.vus;
      markers.push({
        atMs: at,
        label: `${name}: ${level ?? ''}${level === undefined ? '' : per} for ${scenario.duration}`,
      });
      at += k6DurationMs(scenario.duration);
    }
    markers.push({ atMs: at, label: `${name}: end` });
    return markers;
  });
}
