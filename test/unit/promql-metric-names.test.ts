import { describe, expect, it } from 'vitest';
import {
  labelValuesAsPromql,
  withoutGrafanaVariables,
} from '../../src/tooling/dashboards/dashboard-queries.ts';
import { catalogueNames } from '../../src/tooling/observability/metric-catalogue.ts';
import { metricNamesIn } from '../../src/tooling/observability/promql-metric-names.ts';

describe('metricNamesIn', () => {
  it('finds the histogram series under functions, aggregations and grouping', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, job) (rate(rpc_server_call_duration_seconds_bucket{job="calculator", rpc_method=~"(.+/)?Add"}[$__rate_interval])))',
      ),
    ).toEqual(['rpc_server_call_duration_seconds_bucket']);
  });

  it('reads recording-rule names with colons and both sides of a binary operation', () => {
    expect(
      metricNamesIn(
        'sum(pipeline:consumer_lag:sum) / on (job) group_left (instance) totals_consumer_lag > 0',
      ),
    ).toEqual(['pipeline:consumer_lag:sum', 'totals_consumer_lag']);
  });

  it('ignores label names, strings, keywords, numbers, durations and template variables', () => {
    expect(
      metricNamesIn(
        'sum(rate(a_total{reason!="by or on"}[5m] offset 1h)) without (instance) and bool 1.5e3 unless b{x=~"$job"}',
      ),
    ).toEqual(['a_total', 'b']);
    expect(metricNamesIn('label_replace(up, "dst", "$1", "src", "(.*)")')).toEqual(['up']);
    expect(metricNamesIn('sum(x) by (le)')).toEqual(['x']);
  });

  it('finds a bare selector', () => {
    expect(metricNamesIn('pipeline:calculations_not_yet_applied')).toEqual([
      'pipeline:calculations_not_yet_applied',
    ]);
  });
});

describe('catalogueNames', () => {
  const markdown = [
    '| Prometheus name | Type | Labels | What it counts |',
    '|---|---|---|---|',
    '| `calls_seconds` | histogram | `method` | Calls. |',
    '| `events_total` | counter | | Events. |',
    '| `loop_delay_p99_seconds` | gauge | Delay, 99th percentile (also `_p50_`, `_max_`). |',
    '| `pipeline:lag:sum` | Lag summed. |',
  ].join('\n');

  it('takes the first column, a histogram series, and the named statistics', () => {
    expect([...catalogueNames(markdown)].sort()).toEqual(
      [
        'calls_seconds',
        'calls_seconds_bucket',
        'calls_seconds_count',
        'calls_seconds_sum',
        'events_total',
        'loop_delay_max_seconds',
        'loop_delay_p50_seconds',
        'loop_delay_p99_seconds',
        'pipeline:lag:sum',
      ].sort(),
    );
  });

  it('does not take label names or header cells for metrics', () => {
    const names = catalogueNames(markdown);
    expect(names.has('method')).toBe(false);
    expect(names.has('Prometheus name')).toBe(false);
  });
});

describe('withoutGrafanaVariables', () => {
  it('replaces the rate interval and every variable form', () => {
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's `${name}` variable form, under test
      withoutGrafanaVariables('rate(x{job=~"$job", instance=~"${instance}", a="[[a]]"}[$__rate_interval])', {
        job: '.*',
        instance: '.+',
        a: 'b',
      }),
    ).toBe('rate(x{job=~".*", instance=~".+", a="b"}[1m])');
  });

  it('fails naming a variable it has no value for', () => {
    expect(() => withoutGrafanaVariables('x{job=~"$job"}', {})).toThrow(/\$job/);
  });
});

describe('labelValuesAsPromql', () => {
  it('turns label_values into a grouping over the selector', () => {
    expect(labelValuesAsPromql('label_values(up{job=~"$job"}, instance)')).toBe(
      'group by (instance) (up{job=~"$job"})',
    );
  });

  it('rejects other variable queries', () => {
    expect(() => labelValuesAsPromql('query_result(up)')).toThrow(/label_values/);
  });
});
