import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import type { ClusterSettings } from './cluster-settings.ts';
import { KWOK_MODULE } from './control-plane-binaries.ts';

/** kwok's own stages, from the pinned module: nodes become Ready and keep their lease; pods run, and Job pods complete. */
const KWOK_STAGES = [
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-complete.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
];

/** Ours, for what kwok's stages leave alone. */
const PROJECT_STAGES = ['stack/kube-control-plane/kwok-stages/pod-test-complete.yaml'];

/** Writes the stages kwok runs, in one file for its --config, and returns where. */
export function writeKwokStages(settings: ClusterSettings): string {
  const kwokDir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'sigs.k8s.io/kwok'], {
    cwd: KWOK_MODULE,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
  }).trim();
  const documents = [
    ...KWOK_STAGES.map((file) => readFileSync(path.join(kwokDir, file), 'utf8')),
    ...PROJECT_STAGES.map((file) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8')),
  ];
  mkdirSync(settings.dataDir, { recursive: true });
  const file = path.join(settings.dataDir, 'kwok-stages.yaml');
  writeFileSync(file, `${documents.map((text) => text.trim()).join('\n---\n')}\n`);
  return file;
}
