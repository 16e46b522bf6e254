import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { CHART_DIR, staleChartFiles, syncChartFiles } from '../../src/tooling/deploy/chart-files.ts';

describe("the chart's committed copies of the dashboards, rules, connector configs and Collector config", () => {
  it('are the same as their sources (run `npm run chart:sync` after changing one)', () => {
    expect(staleChartFiles()).toEqual([]);
  });

  it('are reported by name when one differs, is missing or has lost its source, and chart:sync mends them', () => {
    const chart = path.join(mkdtempSync(path.join(tmpdir(), 'chart-files-')), 'chart');
    cpSync(CHART_DIR, chart, { recursive: true });
    try {
      writeFileSync(path.join(chart, 'files', 'connectors', 'calculator-outbox.json'), '{}\n');
      rmSync(path.join(chart, 'files', 'otelcol.yaml'));
      writeFileSync(path.join(chart, 'files', 'dashboards', 'gone.json'), '{}\n');
      expect(staleChartFiles(PROJECT_ROOT, chart)).toEqual([
        'files/dashboards/gone.json has no source in dashboards/',
        'files/connectors/calculator-outbox.json differs from connectors/calculator-outbox.json',
        'files/otelcol.yaml is missing (source: deploy/compose/otelcol.yaml)',
      ]);
      syncChartFiles(PROJECT_ROOT, chart);
      expect(staleChartFiles(PROJECT_ROOT, chart)).toEqual([]);
    } finally {
      rmSync(path.dirname(chart), { recursive: true, force: true });
    }
  });
});
