import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CHART_DIR } from '../../src/tooling/deploy/chart-files.ts';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are checked field by field in the tests
  spec?: any;
  data?: Record<string, string>;
}

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): HelmResult {
  const result = spawnSync(inject('deployTools').helm, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`could not run helm: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const exampleValues = (name: string) => path.join(CHART_DIR, 'examples', `${name}.values.yaml`);

/** The custom resources' APIs of a cluster with the Prometheus Operator and Strimzi installed. */
export const OPERATOR_APIS = [
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
  'kafka.strimzi.io/v1/KafkaConnector',
];

/**
 * `helm template` of the chart with these values files and --set pairs, as for a cluster serving these
 * APIs (by default one with the Prometheus Operator and Strimzi); throws with helm's message.
 */
export function renderChart(
  valuesFiles: string[] = [],
  sets: string[] = [],
  servedApis: string[] = OPERATOR_APIS,
  release = 'pipeline',
): { text: string; manifests: Manifest[] } {
  const result = helm([
    'template',
    release,
    CHART_DIR,
    '--namespace',
    'pipeline',
    ...valuesFiles.flatMap((file) => ['--values', file]),
    ...sets.flatMap((pair) => ['--set', pair]),
    ...servedApis.flatMap((api) => ['--api-versions', api]),
  ]);
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  const manifests = parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
  return { text: result.stdout, manifests };
}

export function writeTemporaryFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'outbox-deploy-')), name);
  writeFileSync(file, text);
  return file;
}

export const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);

export function single(manifests: Manifest[], kind: string, nameSuffix: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name.endsWith(nameSuffix));
  if (found.length !== 1) throw new Error(`expected one ${kind} named *${nameSuffix}, found ${found.length}`);
  return found[0] as Manifest;
}
