interface QueryResponse {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

/**
 * Runs an instant query and says why a panel would show nothing for it (Prometheus refused it, no
 * series, only NaN), or undefined when there is at least one number to draw.
 */
export async function whyNoData(prometheusUrl: string, promql: string): Promise<string | undefined> {
  const url = new URL('/api/v1/query', prometheusUrl);
  url.searchParams.set('query', promql);
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as QueryResponse;
  if (body.status !== 'success' || !body.data)
    return `Prometheus refused it: ${body.error ?? response.status}`;
  const { resultType, result } = body.data;
  const values =
    resultType === 'scalar'
      ? [(result as [number, string])[1]]
      : (result as { value: [number, string] }[]).map((series) => series.value[1]);
  if (values.length === 0) return 'no series';
  if (values.every((value) => value === 'NaN')) return `${values.length} series, all NaN`;
  return undefined;
}
