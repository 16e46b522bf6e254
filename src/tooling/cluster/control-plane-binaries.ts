import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { buildPinnedGoBinary } from '../stack/pinned-go-build.ts';
import type { ClusterSettings } from './cluster-settings.ts';

/** The Kubernetes release the control plane is built from: stack/kube-control-plane/go.mod pins it. */
export const KUBERNETES_RELEASE = { version: 'v1.37.2', major: '1', minor: '37' } as const;

const CONTROL_PLANE_MODULE = path.join(PROJECT_ROOT, 'stack', 'kube-control-plane');
/** The pinned module kwok is built from; its go.sum also pins the stage definitions kwok-stages.ts reads. */
export const KWOK_MODULE = path.join(PROJECT_ROOT, 'stack', 'kwok-build');

export const CONTROL_PLANE_PROGRAMS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
] as const;

export type ClusterBinaries = Record<(typeof CONTROL_PLANE_PROGRAMS)[number] | 'kwok', string>;

/**
 * Without it the binaries report `v0.0.0-master`, and Helm refuses a chart whose kubeVersion asks for a
 * release; with it they report the release their source is.
 */
const VERSION_FLAGS = [
  '-ldflags',
  [
    `-X k8s.io/component-base/version.gitVersion=${KUBERNETES_RELEASE.version}`,
    `-X k8s.io/component-base/version.gitMajor=${KUBERNETES_RELEASE.major}`,
    `-X k8s.io/component-base/version.gitMinor=${KUBERNETES_RELEASE.minor}`,
    '-X k8s.io/component-base/version.gitTreeState=clean',
  ].join(' '),
];

/**
 * Builds whatever is missing or was built from other pins: etcd, the API server, controller manager,
 * scheduler and kubectl from k8s.io/kubernetes, and kwok, each from its pinned module. The first build
 * compiles Kubernetes (many minutes on two cores); Go's build cache makes the next one take seconds.
 */
export async function ensureClusterBinaries(
  settings: ClusterSettings,
  log: (line: string) => void,
): Promise<ClusterBinaries> {
  const controlPlanePins = readFileSync(path.join(CONTROL_PLANE_MODULE, 'go.sum'), 'utf8');
  const binaries: Partial<ClusterBinaries> = {};
  for (const program of CONTROL_PLANE_PROGRAMS) {
    binaries[program] = await buildPinnedGoBinary(
      {
        what: program,
        doing: `building ${program} from k8s.io/kubernetes ${KUBERNETES_RELEASE.version} with Go (the first build of the control plane takes about 17 minutes on two cores; cached by Go after)`,
        moduleDir: CONTROL_PLANE_MODULE,
        target: `./${program}`,
        binary: path.join(settings.binDir, program),
        inputs: `${VERSION_FLAGS.join(' ')}\n${controlPlanePins}`,
        logFile: path.join(settings.buildLogDir, `${program}-build.log`),
        flags: VERSION_FLAGS,
      },
      log,
    );
  }
  binaries.kwok = await buildPinnedGoBinary(
    {
      what: 'kwok',
      doing: 'building kwok with Go (a few minutes the first time; cached by Go)',
      moduleDir: KWOK_MODULE,
      target: 'sigs.k8s.io/kwok/cmd/kwok',
      binary: path.join(settings.binDir, 'kwok'),
      inputs: readFileSync(path.join(KWOK_MODULE, 'go.sum'), 'utf8'),
      logFile: path.join(settings.buildLogDir, 'kwok-build.log'),
    },
    log,
  );
  return binaries as ClusterBinaries;
}
