import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { PROMETHEUS_DATASOURCE } from '../../src/tooling/dashboards/panel-helpers.ts';

const PROVISIONING_DIR = path.join(PROJECT_ROOT, 'dashboards', 'provisioning');

function readYaml(relativePath: string) {
  return parse(readFileSync(path.join(PROVISIONING_DIR, relativePath), 'utf8'));
}

describe('the Grafana provisioning files', () => {
  it('create the one Prometheus data source the panels name, at the URL Grafana reads from PROMETHEUS_URL', () => {
    const { apiVersion, datasources } = readYaml('datasources/prometheus.yaml');
    expect(apiVersion).toBe(1);
    expect(datasources).toHaveLength(1);
    expect(datasources[0]).toMatchObject({
      type: PROMETHEUS_DATASOURCE.type,
      uid: PROMETHEUS_DATASOURCE.uid,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana expands it from its environment
      url: '${PROMETHEUS_URL}',
      access: 'proxy',
    });
  });

  it('load the dashboards from the folder docs/observability.md tells to mount dashboards/ at', () => {
    const { apiVersion, providers } = readYaml('dashboards/outbox-pipeline.yaml');
    expect(apiVersion).toBe(1);
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ type: 'file', allowUiUpdates: false });
    const guide = readFileSync(path.join(PROJECT_ROOT, 'docs', 'observability.md'), 'utf8');
    expect(guide).toContain(providers[0].options.path);
  });
});
