import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';

const CRD_MODULE_DIR = path.join(PROJECT_ROOT, 'stack', 'cluster-crds');
const PROMETHEUS_OPERATOR = 'github.com/prometheus-operator/prometheus-operator';

/**
 * The CustomResourceDefinitions of the Prometheus Operator the chart can create objects of, as its Go
 * module ships them (stack/cluster-crds pins the version and its checksum); downloaded on first use.
 */
export function prometheusOperatorCrdFiles(): string[] {
  const download = execFileSync('go', ['mod', 'download', '-json', PROMETHEUS_OPERATOR], {
    cwd: CRD_MODULE_DIR,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
  });
  const { Dir: moduleDir, Error: error } = JSON.parse(download) as { Dir?: string; Error?: string };
  if (!moduleDir) throw new Error(`could not download ${PROMETHEUS_OPERATOR}: ${error ?? download}`);
  return ['servicemonitors', 'prometheusrules'].map((plural) =>
    path.join(moduleDir, 'example', 'prometheus-operator-crd', `monitoring.coreos.com_${plural}.yaml`),
  );
}
