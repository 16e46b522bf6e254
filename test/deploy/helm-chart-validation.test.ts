import { describe, expect, it } from 'vitest';
import { CHART_DIR } from '../../src/tooling/deploy/chart-files.ts';
import { KUBERNETES_VERSIONS } from '../../src/tooling/deploy/deploy-tools.ts';
import { exampleValues, helm, renderChart, writeTemporaryFile } from './helm-render.ts';
import { CUSTOM_RESOURCE_KINDS, kubeconform } from './kubeconform.ts';

const valueSets = {
  default: [],
  production: [exampleValues('production')],
  'strimzi-cloudnativepg': [exampleValues('strimzi-cloudnativepg')],
} as const;

describe('the Helm chart passes helm lint and strict schema validation', () => {
  for (const [name, files] of Object.entries(valueSets)) {
    it(`helm lint --strict passes with the ${name} values`, () => {
      // helm lint asks no cluster which APIs it serves, so it is told the operators' are there.
      const result = helm([
        'lint',
        '--strict',
        CHART_DIR,
        ...files.flatMap((file) => ['--values', file]),
        '--set',
        'customResources.assumeInstalled=true',
      ]);
      expect(result.stderr + result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(result.status).toBe(0);
    });

    for (const version of KUBERNETES_VERSIONS) {
      it(`every manifest rendered with the ${name} values is valid for Kubernetes ${version} (kubeconform -strict)`, () => {
        const { text, manifests } = renderChart([...files]);
        const { summary, output } = kubeconform(text, version);
        const customResources = manifests.filter((m) => CUSTOM_RESOURCE_KINDS.includes(m.kind)).length;
        expect(output, output).toContain('"invalid": 0');
        expect(summary).toEqual({
          valid: manifests.length - customResources,
          invalid: 0,
          errors: 0,
          skipped: customResources,
        });
      });
    }
  }

  it('kubeconform finds a field Kubernetes does not know (so the schemas are really applied)', () => {
    const { text } = renderChart();
    const broken = text.replace(
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: true\n            readOnlyRootFileSystem: true',
    );
    const { summary } = kubeconform(broken, '1.37.0');
    expect(summary.invalid).toBe(1);
  });

  it('a value of the wrong type fails helm with a message naming it (values.schema.json)', () => {
    const result = helm(['template', 'pipeline', CHART_DIR, '--set', 'calculator.replicaCount=two']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/calculator.*replicaCount|replicaCount.*integer/s);
  });

  it('an unknown value fails helm (additionalProperties: false everywhere)', () => {
    const file = writeTemporaryFile('typo.yaml', 'calculator:\n  replicas: 3\n');
    const result = helm(['template', 'pipeline', CHART_DIR, '--values', file]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('replicas');
  });

  it('more totals replicas than topic partitions fails, saying why', () => {
    const result = helm(['template', 'pipeline', CHART_DIR, '--set', 'totals.replicaCount=4']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('totals.replicaCount (4) is more than kafka.topicPartitions (3)');
  });

  it('a malformed broker list fails with the schema pattern', () => {
    const result = helm(['template', 'pipeline', CHART_DIR, '--set', 'kafka.brokers=kafka']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('brokers');
  });
});
