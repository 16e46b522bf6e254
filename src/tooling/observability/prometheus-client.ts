/** The few calls of Prometheus's HTTP API the project makes: instant queries and the active targets. */

export interface InstantSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface ActiveTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

async function prometheusGet<T>(prometheusUrl: string, pathAndQuery: string, timeoutMs: number): Promise<T> {
  const response = await fetch(`${prometheusUrl}${pathAndQuery}`, { signal: AbortSignal.timeout(timeoutMs) });
  const answer = (await response.json()) as { status: string; data: T; error?: string };
  if (answer.status !== 'success')
    throw new Error(`Prometheus refused ${pathAndQuery}: ${answer.error ?? `HTTP ${response.status}`}`);
  return answer.data;
}

async function instantSamples(
  prometheusUrl: string,
  parameters: Record<string, string>,
  timeoutMs: number,
): Promise<InstantSample[]> {
  const data = await prometheusGet<{ resultType: string; result: unknown }>(
    prometheusUrl,
    `/api/v1/query?${new URLSearchParams(parameters)}`,
    timeoutMs,
  );
  if (data.resultType === 'scalar') return [{ metric: {}, value: data.result as [number, string] }];
  return data.result as InstantSample[];
}

/** The samples an instant query returns now; a scalar result comes back as one sample without labels. */
export function instantQuery(
  prometheusUrl: string,
  query: string,
  timeoutMs = 5_000,
): Promise<InstantSample[]> {
  return instantSamples(prometheusUrl, { query }, timeoutMs);
}

/** An instant query evaluated at `time` (epoch seconds) instead of now. */
export function instantQueryAt(
  prometheusUrl: string,
  query: string,
  time: number,
  timeoutMs = 5_000,
): Promise<InstantSample[]> {
  return instantSamples(prometheusUrl, { query, time: String(time) }, timeoutMs);
}

export async function activeTargets(prometheusUrl: string): Promise<ActiveTarget[]> {
  const data = await prometheusGet<{ activeTargets: ActiveTarget[] }>(
    prometheusUrl,
    '/api/v1/targets?state=active',
    5_000,
  );
  return data.activeTargets;
}

export interface RangeSeries {
  metric: Record<string, string>;
  /** `[epoch seconds, value as text]`, one per step at which the series had a value. */
  values: [number, string][];
}

/** A range query's matrix: each series' values from `start` to `end` (epoch seconds) every `step` seconds. */
export async function rangeQuery(
  prometheusUrl: string,
  query: string,
  range: { start: number; end: number; step: number },
  timeoutMs = 15_000,
): Promise<RangeSeries[]> {
  const parameters = new URLSearchParams({
    query,
    start: String(range.start),
    end: String(range.end),
    step: String(range.step),
  });
  const data = await prometheusGet<{ resultType: string; result: RangeSeries[] }>(
    prometheusUrl,
    `/api/v1/query_range?${parameters}`,
    timeoutMs,
  );
  if (data.resultType !== 'matrix') throw new Error(`Prometheus answered ${query} with a ${data.resultType}`);
  return data.result;
}
