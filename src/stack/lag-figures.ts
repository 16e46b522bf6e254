import { instantQuery } from '../observability/prometheus-client.ts';

/** One lag figure for `stack:status`: a PromQL query and how to print its value. */
interface LagQuery {
  figure: string;
  query: string;
  format: (value: number) => string;
}

export interface LagFigure {
  figure: string;
  value: string;
}

const NO_DATA = 'no data yet';

const LAG_QUERIES: LagQuery[] = [
  {
    figure: 'Debezium behind source',
    query: 'max(debezium_streaming_milliseconds_behind_source)',
    // Debezium reports -1 until it has streamed its first change.
    format: (ms) => (ms < 0 ? 'no change streamed yet' : `${Math.round(ms)} ms`),
  },
  {
    figure: 'consumer lag (all partitions)',
    query: 'sum(totals_consumer_lag)',
    format: (events) => `${Math.round(events)} events`,
  },
  {
    figure: 'replication slot WAL retained',
    query: 'max(pg_replication_slot_retained_wal_bytes)',
    format: (bytes) =>
      bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  },
  {
    figure: 'end-to-end p99 (5 min)',
    query: 'histogram_quantile(0.99, sum by (le) (rate(totals_end_to_end_duration_seconds_bucket[5m])))',
    format: (seconds) => `${(seconds * 1000).toFixed(0)} ms`,
  },
];

/** The value of an instant query with one series, or undefined when it has none (or NaN: no samples). */
async function instantValue(prometheusUrl: string, query: string): Promise<number | undefined> {
  const [sample] = await instantQuery(prometheusUrl, query, 3_000);
  if (!sample) return undefined;
  const value = Number(sample.value[1]);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * The pipeline's lag as Prometheus sees it now. A series that does not exist yet reads "no data yet"; an
 * unreachable Prometheus reads as such on every line: neither is an error of the status command.
 */
export async function lagFigures(prometheusUrl: string): Promise<LagFigure[]> {
  return Promise.all(
    LAG_QUERIES.map(async ({ figure, query, format }) => {
      try {
        const value = await instantValue(prometheusUrl, query);
        return { figure, value: value === undefined ? NO_DATA : format(value) };
      } catch (error) {
        return { figure, value: `unknown (Prometheus at ${prometheusUrl}: ${(error as Error).message})` };
      }
    }),
  );
}
