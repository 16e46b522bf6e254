import { rangeQuery } from './prometheus-client.ts';

export interface SeenValue {
  value: number;
  /** Epoch seconds of the evaluation that gave it. */
  at: number;
}

export interface LookBack {
  /** Epoch seconds the look back ends at: now. */
  end: number;
  seconds: number;
  stepSeconds: number;
}

/**
 * The latest value a query had within the look back, NaN (a quantile over no samples) not counting as
 * one; undefined when it had none. With several series, the latest of any.
 */
export async function lastSeenValue(
  prometheusUrl: string,
  query: string,
  { end, seconds, stepSeconds }: LookBack,
): Promise<SeenValue | undefined> {
  const series = await rangeQuery(prometheusUrl, query, { start: end - seconds, end, step: stepSeconds });
  let latest: SeenValue | undefined;
  for (const { values } of series)
    for (const [at, text] of values) {
      const value = Number(text);
      if (!Number.isNaN(value) && (!latest || at > latest.at)) latest = { value, at };
    }
  return latest;
}
