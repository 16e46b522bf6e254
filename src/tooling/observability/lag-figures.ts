import { instantQuery } from './prometheus-client.ts';

/** One lag figure for `stack:status`: a PromQL query and how to print its value. */
interface LagQuery {
  figure: string;
  query: string;
  format: (value: number) => string;
  /** A query with one series per value of this label gives one figure per series. */
  perSeries?: string;
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
    // The same partitions and figures Kafka's own `kafka-consumer-groups.sh --describe` shows as LAG.
    figure: 'consumer lag, partition',
    query: 'max by (partition) (totals_consumer_lag)',
    format: (events) => `${Math.round(events)} events`,
    perSeries: 'partition',
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

/** The figures of one query: none when it has no series yet, NaN values (no samples) left out. */
async function queryFigures(
  prometheusUrl: string,
  { figure, query, format, perSeries }: LagQuery,
): Promise<LagFigure[]> {
  const samples = await instantQuery(prometheusUrl, query, 3_000);
  return samples
    .map((sample) => ({ sample, value: Number(sample.value[1]) }))
    .filter(({ value }) => !Number.isNaN(value))
    .sort((a, b) => (perSeries ? Number(a.sample.metric[perSeries]) - Number(b.sample.metric[perSeries]) : 0))
    .map(({ sample, value }) => ({
      figure: perSeries ? `${figure} ${sample.metric[perSeries]}` : figure,
      value: format(value),
    }));
}

/**
 * The pipeline's lag as Prometheus sees it now. A series that does not exist yet reads "no data yet"; an
 * unreachable Prometheus reads as such on every line: neither is an error of the status command.
 */
export async function lagFigures(prometheusUrl: string): Promise<LagFigure[]> {
  const figures = await Promise.all(
    LAG_QUERIES.map(async (lagQuery) => {
      try {
        const found = await queryFigures(prometheusUrl, lagQuery);
        return found.length > 0 ? found : [{ figure: lagQuery.figure, value: NO_DATA }];
      } catch (error) {
        return [
          {
            figure: lagQuery.figure,
            value: `unknown (Prometheus at ${prometheusUrl}: ${(error as Error).message})`,
          },
        ];
      }
    }),
  );
  return figures.flat();
}
