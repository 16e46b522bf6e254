import { describe, expect, it } from 'vitest';
import {
  loadCatalogueNames,
  loadCatalogueRecordingRules,
} from '../../src/tooling/observability/metric-catalogue.ts';
import { metricNamesIn } from '../../src/tooling/observability/promql-metric-names.ts';
import { ALERT_RULES_FILE, loadRules, RECORDING_RULES_FILE } from './prometheus-rule-files.ts';

const documented = loadCatalogueNames();
const recordingRules = loadRules(RECORDING_RULES_FILE);
const rules = [...recordingRules, ...loadRules(ALERT_RULES_FILE)];

describe('metric names in the Prometheus rules', () => {
  it('finds the metric names in an expression and nothing else', () => {
    expect(
      metricNamesIn(
        'sum by (le) (rate(a_seconds_bucket{le=~"1|1\\\\.0", x="y z"}[5m])) > bool 1e3 ' +
          'or on (job) vector(0) unless b:c:rate1m offset 10m',
      ),
    ).toEqual(['a_seconds_bucket', 'b:c:rate1m']);
  });

  it('uses only metrics documented in docs/metrics.md', () => {
    const undocumented = rules.flatMap((rule) =>
      metricNamesIn(rule.expr)
        .filter((name) => !documented.has(name))
        .map((name) => `${rule.record ?? rule.alert}: ${name}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('defines exactly the recording rules docs/metrics.md lists', () => {
    const defined = recordingRules.map((rule) => rule.record).sort();
    expect(defined).toEqual([...loadCatalogueRecordingRules()].sort());
  });
});
