import type { ProcessSpec } from '../stack/process-supervisor.ts';
import { httpAnswers, type Probe } from '../stack/readiness-probes.ts';
import type { ClusterCredentials } from './cluster-credentials.ts';
import { SERVICE_CLUSTER_IP_RANGE } from './cluster-credentials.ts';
import type { ClusterSettings } from './cluster-settings.ts';
import type { ClusterBinaries } from './control-plane-binaries.ts';
import { httpsHealthz, KubeApi } from './kube-api.ts';

export interface ClusterProcess {
  spec: ProcessSpec;
  ready: Probe;
}

/** The fake nodes kwok plays carry this annotation; kwok leaves every other node alone. */
export const KWOK_NODE_ANNOTATION = { key: 'kwok.x-k8s.io/node', value: 'fake' } as const;

const STOP_TIMEOUT_MS = 10_000;

/**
 * The control plane's processes in the order they start, each on loopback: etcd, the API server, the
 * controller manager and scheduler, and kwok, which plays the nodes (it makes Deployment pods Ready and
 * Job pods Succeeded; no container runs).
 */
export function clusterProcesses(
  settings: ClusterSettings,
  binaries: ClusterBinaries,
  credentials: ClusterCredentials,
  kwokStagesFile: string,
): ClusterProcess[] {
  const process = (name: string, command: string, args: string[]): ProcessSpec => ({
    name,
    command,
    args,
    env: { PATH: globalThis.process.env.PATH ?? '/usr/bin:/bin' },
    stopTimeoutMs: STOP_TIMEOUT_MS,
  });
  const componentAuth = (kubeconfig: string) => [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    '--leader-elect=false',
  ];
  return [
    {
      spec: process('etcd', binaries.etcd, [
        '--name=local',
        `--data-dir=${settings.etcdDataDir}`,
        `--listen-client-urls=${settings.etcdUrl}`,
        `--advertise-client-urls=${settings.etcdUrl}`,
        `--listen-peer-urls=${settings.etcdPeerUrl}`,
        `--initial-advertise-peer-urls=${settings.etcdPeerUrl}`,
        `--initial-cluster=local=${settings.etcdPeerUrl}`,
        '--log-level=warn',
      ]),
      ready: httpAnswers(`${settings.etcdUrl}/health`, /"health":"true"/),
    },
    {
      spec: process('kube-apiserver', binaries['kube-apiserver'], [
        `--etcd-servers=${settings.etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        // The reconciler of the `kubernetes` Service's endpoints refuses a loopback address, and no pod
        // runs here to call the API server through that Service.
        '--endpoint-reconciler-type=none',
        `--secure-port=${settings.CLUSTER_APISERVER_PORT}`,
        `--tls-cert-file=${credentials.serverCertFile}`,
        `--tls-private-key-file=${credentials.serverKeyFile}`,
        `--token-auth-file=${credentials.tokenFile}`,
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${credentials.serviceAccountPublicKeyFile}`,
        `--service-account-signing-key-file=${credentials.serviceAccountKeyFile}`,
        '--authorization-mode=RBAC',
        `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
        '--profiling=false',
      ]),
      ready: async () => {
        const answer = await new KubeApi(credentials.kubeconfigs.admin).text('/readyz');
        if (answer.trim() !== 'ok') throw new Error(`/readyz answered ${answer}`);
      },
    },
    {
      spec: process('kube-controller-manager', binaries['kube-controller-manager'], [
        ...componentAuth(credentials.kubeconfigs['kube-controller-manager']),
        `--secure-port=${settings.CLUSTER_CONTROLLER_MANAGER_PORT}`,
        `--service-account-private-key-file=${credentials.serviceAccountKeyFile}`,
        `--root-ca-file=${credentials.caFile}`,
        // Each controller acts as its own service account, with the rights RBAC bootstraps for it.
        '--use-service-account-credentials=true',
        `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
        '--profiling=false',
      ]),
      ready: () => httpsHealthz(settings.CLUSTER_CONTROLLER_MANAGER_PORT),
    },
    {
      spec: process('kube-scheduler', binaries['kube-scheduler'], [
        ...componentAuth(credentials.kubeconfigs['kube-scheduler']),
        `--secure-port=${settings.CLUSTER_SCHEDULER_PORT}`,
        '--profiling=false',
      ]),
      ready: () => httpsHealthz(settings.CLUSTER_SCHEDULER_PORT),
    },
    {
      spec: process('kwok', binaries.kwok, [
        `--kubeconfig=${credentials.kubeconfigs.kwok}`,
        `--config=${kwokStagesFile}`,
        '--manage-all-nodes=false',
        `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION.key}=${KWOK_NODE_ANNOTATION.value}`,
        `--server-address=127.0.0.1:${settings.CLUSTER_KWOK_PORT}`,
        // kwok renews the node's Lease, as a kubelet does. Without it the node's only heartbeat is its
        // status, written less often than the node lifecycle controller's grace period: the node then
        // flickers NotReady, and the controller marks every pod on it not ready for good.
        '--node-lease-duration-seconds=40',
      ]),
      ready: httpAnswers(`http://127.0.0.1:${settings.CLUSTER_KWOK_PORT}/healthz`),
    },
  ];
}
