import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lagFigures } from '../../src/tooling/observability/lag-figures.ts';

/** A stand-in for Prometheus's query API that knows a value for some queries and no series for others. */
function fakePrometheus(values: Record<string, string | [Record<string, string>, string][]>): Server {
  return createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('query') ?? '';
    const known = Object.entries(values).find(([metric]) => query.includes(metric))?.[1];
    const series = typeof known === 'string' ? [[{}, known] as const] : (known ?? []);
    const result = series.map(([metric, value]) => ({ metric, value: [1_700_000_000, value] }));
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
  });
}

describe('the lag figures of stack:status', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = fakePrometheus({
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
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('prints each value it has and "no data yet" for a series that does not exist', async () => {
    expect(await lagFigures(url)).toEqual([
      { figure: 'Debezium behind source', value: '1234 ms' },
      { figure: 'consumer lag (all partitions)', value: 'no data yet' },
      { figure: 'consumer lag, partition 0', value: '17 events' },
      { figure: 'consumer lag, partition 1', value: '3 events' },
      { figure: 'consumer lag, partition 2', value: '0 events' },
      { figure: 'replication slot WAL retained', value: '3.0 MiB' },
      { figure: 'end-to-end p99 (5 min)', value: 'no data yet' },
    ]);
  });

  it('says Prometheus is unreachable instead of failing', async () => {
    const figures = await lagFigures('http://127.0.0.1:1');
    // One line per query, the per-partition one included: its partitions are not known.
    expect(figures).toHaveLength(5);
    for (const { value } of figures)
      expect(value).toMatch(/^unknown \(Prometheus at http:\/\/127\.0\.0\.1:1: /);
  });
});
