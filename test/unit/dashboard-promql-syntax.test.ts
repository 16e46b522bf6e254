import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runnableQueries } from '../../src/tooling/dashboards/dashboard-queries.ts';
import { pipelineDashboards } from '../../src/tooling/dashboards/pipeline-dashboards.ts';

describe("the dashboards' PromQL", () => {
  it("parses with Prometheus's own parser (promtool check rules)", () => {
    const queries = runnableQueries(
      pipelineDashboards().map((entry) => entry.dashboard),
      { job: '.+', instance: '.+' },
    );
    // Each query becomes a recording rule; promtool names a failing one by its index in `queries`.
    const rules = {
      groups: [
        {
          name: 'dashboard-queries',
          rules: queries.map((query, index) => ({
            record: `dashboard_query_${index}`,
            expr: query.promql,
          })),
        },
      ],
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-promql-'));
    try {
      const file = path.join(dir, 'dashboard-queries.yaml');
      writeFileSync(file, stringify(rules));
      const check = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(
        check.error,
        'promtool is missing: `npm run prerequisites` installs it (Debian package prometheus)',
      ).toBeUndefined();
      const output = `${check.stdout}${check.stderr}`;
      const failing = [...output.matchAll(/dashboard_query_(\d+)/g)].map((match) => {
        const query = queries[Number(match[1])];
        return `${query?.where}: ${query?.promql}`;
      });
      expect(check.status, `${output}\n${failing.join('\n')}`).toBe(0);
      expect(check.stdout).toContain(`SUCCESS: ${queries.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
