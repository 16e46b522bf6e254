import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import type { KUBERNETES_VERSIONS } from '../../src/tooling/deploy/deploy-tools.ts';
import { writeTemporaryFile } from './helm-render.ts';

/** Kinds defined by operators' CRDs, for which no schema ships with Kubernetes; the tests check them. */
export const CUSTOM_RESOURCE_KINDS = ['ServiceMonitor', 'PrometheusRule', 'KafkaConnector'];

export interface KubeconformSummary {
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
}

/** Strict validation of rendered manifests against one Kubernetes version's schemas, offline. */
export function kubeconform(
  manifests: string,
  kubernetesVersion: (typeof KUBERNETES_VERSIONS)[number],
): { summary: KubeconformSummary; output: string } {
  const tools = inject('deployTools');
  const file = writeTemporaryFile('rendered.yaml', manifests);
  const result = spawnSync(
    tools.kubeconform,
    [
      '-strict',
      '-summary',
      '-output',
      'json',
      '-kubernetes-version',
      kubernetesVersion,
      '-schema-location',
      tools.kubernetesSchemaLocation,
      '-skip',
      CUSTOM_RESOURCE_KINDS.join(','),
      file,
    ],
    { encoding: 'utf8' },
  );
  if (result.error) throw new Error(`could not run kubeconform: ${result.error.message}`);
  const report = JSON.parse(result.stdout) as { summary: KubeconformSummary };
  return { summary: report.summary, output: result.stdout };
}
