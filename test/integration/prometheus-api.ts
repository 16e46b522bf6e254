import { settings } from './pipeline-harness.ts';

export interface ActiveTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

async function prometheusGet<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${settings.prometheusUrl}${pathAndQuery}`, {
    signal: AbortSignal.timeout(5_000),
  });
  const answer = (await response.json()) as { status: string; data: T; error?: string };
  if (answer.status !== 'success') throw new Error(`Prometheus ${pathAndQuery}: ${answer.error}`);
  return answer.data;
}

export async function activeTargets(): Promise<ActiveTarget[]> {
  const data = await prometheusGet<{ activeTargets: ActiveTarget[] }>('/api/v1/targets?state=active');
  return data.activeTargets;
}

/** The series an instant query returns now. */
export async function instantQuery(query: string): Promise<{ metric: Record<string, string> }[]> {
  const data = await prometheusGet<{ result: { metric: Record<string, string> }[] }>(
    `/api/v1/query?${new URLSearchParams({ query })}`,
  );
  return data.result;
}
