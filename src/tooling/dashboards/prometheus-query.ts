import { instantQuery } from '../observability/prometheus-client.ts';

/**
 * Runs an instant query and says why a panel would show nothing for it (Prometheus refused it, no
 * series, only NaN), or undefined when there is at least one number to draw.
 */
export async function whyNoData(prometheusUrl: string, promql: string): Promise<string | undefined> {
  let samples: Awaited<ReturnType<typeof instantQuery>>;
  try {
    samples = await instantQuery(prometheusUrl, promql, 10_000);
  } catch (error) {
    return (error as Error).message;
  }
  if (samples.length === 0) return 'no series';
  if (samples.every((sample) => sample.value[1] === 'NaN')) return `${samples.length} series, all NaN`;
  return undefined;
}
