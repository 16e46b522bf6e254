import { lastSeenValue } from './last-seen-value.ts';
import { instantQuery } from './prometheus-client.ts';

/** One lag figure for `stack:status`: a PromQL query and how to print its value. */
interface LagQuery {
  figure: string;
  query: string;
  format: (value: number) => string;
  /** A query with one series per value of this label gives one figure per series. */
  perSeries?: string;
  /**
   * A figure over a trailing window (a rate) has no value once the pipeline has been idle that long: it
   * then reads "idle since" with its last value, looked up over the past hours.
   */
  idleAfterSeconds?: number;
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
    idleAfterSeconds: 5 * 60,
  },
];

/** How far back an idle figure's last value is looked for, and at what resolution. */
const IDLE_LOOK_BACK_SECONDS = 6 * 60 * 60;
const IDLE_STEP_SECONDS = 15;

const clock = (epochSeconds: number) => `${new Date(epochSeconds * 1000).toISOString().slice(11, 19)} UTC`;

function minutesAgo(epochSeconds: number, now: number): string {
  const minutes = Math.round((now - epochSeconds) / 60);
  return minutes < 60 ? `${minutes} min ago` : `${(minutes / 60).toFixed(1)} h ago`;
}

/**
 * An idle window figure: its last value, and when the pipeline went idle. The value at `at` covered the
 * window up to `at` and the next step's window had no event, so the last event came about one window
 * before `at`.
 */
async function idleFigure(
  prometheusUrl: string,
  { query, format, idleAfterSeconds = 0 }: LagQuery,
  now: number,
): Promise<string> {
  const lookBack = { end: now, seconds: IDLE_LOOK_BACK_SECONDS, stepSeconds: IDLE_STEP_SECONDS };
  const last = await lastSeenValue(prometheusUrl, query, lookBack);
  if (!last) return NO_DATA;
  const idleSince = last.at - idleAfterSeconds;
  return (
    `idle since ${clock(idleSince)} (${minutesAgo(idleSince, now)}); ` +
    `last ${format(last.value)}, for the ${idleAfterSeconds / 60} min to ${clock(last.at)}`
  );
}

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
 * The pipeline's lag as Prometheus sees it at `now` (epoch seconds). A series that does not exist yet
 * reads "no data yet", an idle window figure its last value; an unreachable Prometheus reads as such on
 * every line: none is an error of the status command.
 */
export async function lagFigures(prometheusUrl: string, now = Date.now() / 1000): Promise<LagFigure[]> {
  const figures = await Promise.all(
    LAG_QUERIES.map(async (lagQuery) => {
      try {
        const found = await queryFigures(prometheusUrl, lagQuery);
        if (found.length > 0) return found;
        const value = lagQuery.idleAfterSeconds ? await idleFigure(prometheusUrl, lagQuery, now) : NO_DATA;
        return [{ figure: lagQuery.figure, value }];
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
