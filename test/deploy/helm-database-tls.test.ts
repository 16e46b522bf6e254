import { describe, expect, it } from 'vitest';
import { CHART_DIR } from '../../src/tooling/deploy/chart-files.ts';
import { exampleValues, helm, renderChart, single } from './helm-render.ts';

const CA_FILE = '/etc/outbox-pipeline/postgres-ca/ca.crt';

interface EnvVar {
  name: string;
  value?: string;
}

const podOf = (manifests: ReturnType<typeof renderChart>['manifests'], kind: string, suffix: string) =>
  single(manifests, kind, suffix).spec.template.spec;

describe("the chart's Postgres CA bundle (databases.caBundle)", () => {
  const cnpg = renderChart([exampleValues('strimzi-cloudnativepg')]).manifests;

  it.each([
    ['Deployment', '-calculator', ['CALCULATOR_DATABASE_CA_FILE']],
    ['Deployment', '-totals', ['TOTALS_DATABASE_CA_FILE']],
    ['Job', '-migrate', ['CALCULATOR_DATABASE_CA_FILE', 'TOTALS_DATABASE_CA_FILE']],
  ])('is mounted into %s %s, which verify the server against it', (kind, suffix, variables) => {
    const pod = podOf(cnpg, kind, suffix);
    const container = pod.containers[0];
    const caVariables = container.env.filter((variable: EnvVar) =>
      variable.name.endsWith('_DATABASE_CA_FILE'),
    );
    expect(caVariables).toEqual(variables.map((name) => ({ name, value: CA_FILE })));
    expect(container.volumeMounts).toContainEqual({
      name: 'postgres-ca',
      mountPath: '/etc/outbox-pipeline/postgres-ca',
      readOnly: true,
    });
    // CloudNativePG's <cluster>-ca Secret also holds the CA's private key: only ca.crt is projected.
    expect(pod.volumes).toContainEqual({
      name: 'postgres-ca',
      secret: { secretName: 'pipeline-pg-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
    });
  });

  it('can come from a ConfigMap', () => {
    const manifests = renderChart(
      [],
      ['databases.caBundle.configMapName=bundle', 'databases.caBundle.key=pem'],
    ).manifests;
    expect(podOf(manifests, 'Deployment', '-calculator').volumes).toContainEqual({
      name: 'postgres-ca',
      configMap: { name: 'bundle', items: [{ key: 'pem', path: 'ca.crt' }] },
    });
  });

  it('is absent by default: TLS is then what the URL Secrets say', () => {
    const pod = podOf(renderChart().manifests, 'Deployment', '-calculator');
    expect(pod.volumes.map((volume: { name: string }) => volume.name)).not.toContain('postgres-ca');
    expect(pod.containers[0].env.map((variable: EnvVar) => variable.name)).not.toContain(
      'CALCULATOR_DATABASE_CA_FILE',
    );
  });

  it('refuses a Secret and a ConfigMap at once, saying so', () => {
    const result = helm([
      'template',
      'pipeline',
      CHART_DIR,
      '--set',
      'databases.caBundle.secretName=a',
      '--set',
      'databases.caBundle.configMapName=b',
    ]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('databases.caBundle: set secretName or configMapName, not both');
  });
});
