import path from 'node:path';
import { loadConfig, port } from '../../services/shared/load-config.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

/** The local Kubernetes control plane's variables; each description is what `npm run config:generate` prints. */
export const clusterSettingsShape = {
  CLUSTER_APISERVER_PORT: port(26443).describe("Port of the local control plane's kube-apiserver (HTTPS)."),
  CLUSTER_ETCD_PORT: port(22379).describe(
    "Port of the control plane's etcd client listener (its peer port is the next one).",
  ),
  CLUSTER_CONTROLLER_MANAGER_PORT: port(20257).describe(
    "Port of kube-controller-manager's health and metrics (HTTPS).",
  ),
  CLUSTER_SCHEDULER_PORT: port(20259).describe("Port of kube-scheduler's health and metrics (HTTPS)."),
  CLUSTER_KWOK_PORT: port(20247).describe(
    "Port of kwok's health and metrics (kwok plays the cluster's nodes).",
  ),
};

/**
 * Where the local control plane (`npm run cluster:up`) listens and keeps its files: its state under the
 * stack's data folder (`.data/cluster`), its binaries under the download folder (`.stack/cluster`), which
 * Go's build cache makes quick to rebuild. All listeners bind to loopback.
 */
export function loadClusterSettings(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(clusterSettingsShape, environment);
  const stack = loadStackSettings(environment);
  const dataDir = path.join(stack.dataDir, 'cluster');
  return Object.freeze({
    ...config,
    host: '127.0.0.1',
    dataDir,
    binDir: path.join(stack.downloadDir, 'cluster', 'bin'),
    buildLogDir: path.join(stack.downloadDir, 'cluster'),
    downloadDir: stack.downloadDir,
    logDir: path.join(dataDir, 'logs'),
    pm2Home: path.join(dataDir, 'pm2'),
    pkiDir: path.join(dataDir, 'pki'),
    etcdDataDir: path.join(dataDir, 'etcd'),
    kubeconfig: path.join(dataDir, 'kubeconfig'),
    apiServerUrl: `https://127.0.0.1:${config.CLUSTER_APISERVER_PORT}`,
    etcdUrl: `http://127.0.0.1:${config.CLUSTER_ETCD_PORT}`,
    etcdPeerUrl: `http://127.0.0.1:${config.CLUSTER_ETCD_PORT + 1}`,
  });
}

export type ClusterSettings = ReturnType<typeof loadClusterSettings>;
