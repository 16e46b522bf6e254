import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { lagFigures } from '../../src/tooling/observability/lag-figures.ts';

type Series = [Record<string, string>, string][];

/**
 * A stand-in for Prometheus's query API: for an instant query, the value or series of the first metric
 * the query names; for a range query, the `[epoch seconds, value]` points given for that metric.
 */
function fakePrometheus(
  values: Record<string, string | Series>,
  ranges: Record<string, [number, string][]> = {},
): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const query = url.searchParams.get('query') ?? '';
    const matching = <T>(table: Record<string, T>) =>
      Object.entries(table).find(([metric]) => query.includes(metric))?.[1];
    let data: unknown;
    if (url.pathname === '/api/v1/query_range') {
      const points = matching(ranges);
      data = { resultType: 'matrix', result: points ? [{ metric: {}, values: points }] : [] };
    } else {
      const known = matching(values);
      const series = typeof known === 'string' ? [[{}, known] as const] : (known ?? []);
      const result = series.map(([metric, value]) => ({ metric, value: [1_700_000_000, value] }));
      data = { resultType: 'vector', result };
    }
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ status: 'success', data }));
  });
}

let server: Server | undefined;
async function serve(prometheus: Server): Promise<string> {
  server = prometheus;
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`;
}
afterEach(() => {
  server?.close();
  server = undefined;
});

const P99 = 'end-to-end p99 (5 min)';
// 2023-11-14 22:13:20 UTC
const NOW = 1_700_000_000;

describe('the lag figures of stack:status', () => {
  it('prints each value it has and "no data yet" for a series that does not exist', async () => {
    const url = await serve(
      fakePrometheus({
        debezium_streaming_milliseconds_behind_source: '1234.4',
        pg_replication_slot_retained_wal_bytes: String(3 * 1024 * 1024),
        // histogram_quantile over no samples is NaN, not an empty result.
        totals_end_to_end_duration_seconds_bucket: 'NaN',
        // One series per partition, out of order.
        'by (partition) (totals_consumer_lag)': [
          [{ partition: '2' }, '0'],
          [{ partition: '0' }, '17'],
          [{ partition: '1' }, '3'],
        ],
      }),
    );
    expect(await lagFigures(url, NOW)).toEqual([
      { figure: 'Debezium behind source', value: '1234 ms' },
      { figure: 'consumer lag (all partitions)', value: 'no data yet' },
      { figure: 'consumer lag, partition 0', value: '17 events' },
      { figure: 'consumer lag, partition 1', value: '3 events' },
      { figure: 'consumer lag, partition 2', value: '0 events' },
      { figure: 'replication slot WAL retained', value: '3.0 MiB' },
      { figure: P99, value: 'no data yet' },
    ]);
  });

  it('says since when the pipeline is idle, with the last p99 and the window it covered', async () => {
    const url = await serve(
      fakePrometheus(
        { totals_end_to_end_duration_seconds_bucket: 'NaN' },
        {
          totals_end_to_end_duration_seconds_bucket: [
            [NOW - 1800, '0.25'],
            [NOW - 1785, '0.8421'],
            [NOW - 1770, 'NaN'],
            [NOW - 15, 'NaN'],
          ],
        },
      ),
    );
    const p99 = (await lagFigures(url, NOW)).find(({ figure }) => figure === P99);
    // The window to 21:43:35 was the last with an event, so the last event came about 5 minutes before.
    expect(p99?.value).toBe(
      'idle since 21:38:35 UTC (35 min ago); last 842 ms, for the 5 min to 21:43:35 UTC',
    );
  });

  it('shows the p99 itself while events flow, without looking back', async () => {
    const url = await serve(
      fakePrometheus(
        { totals_end_to_end_duration_seconds_bucket: '0.120' },
        { totals_end_to_end_duration_seconds_bucket: [[NOW - 60, '9']] },
      ),
    );
    const p99 = (await lagFigures(url, NOW)).find(({ figure }) => figure === P99);
    expect(p99?.value).toBe('120 ms');
  });

  it('says Prometheus is unreachable instead of failing', async () => {
    const figures = await lagFigures('http://127.0.0.1:1', NOW);
    // One line per query, the per-partition one included: its partitions are not known.
    expect(figures).toHaveLength(5);
    for (const { value } of figures)
      expect(value).toMatch(/^unknown \(Prometheus at http:\/\/127\.0\.0\.1:1: /);
  });
});
