import { rmSync } from 'node:fs';
import { loadClusterSettings } from '../cluster/cluster-settings.ts';
import { clusterDown, clusterUp } from '../cluster/cluster-up.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';

const COMMAND = {
  command: 'npm run',
  synopsis: ['cluster:up | cluster:down | cluster:wipe'],
  summary: [
    'A real Kubernetes control plane on loopback, for installing the Helm chart: etcd, kube-apiserver,',
    'kube-controller-manager and kube-scheduler built from k8s.io/kubernetes, and kwok playing one node',
    '(pods are scheduled and reported Ready or Succeeded; no container runs). State in STACK_DATA_DIR/cluster.',
    '  cluster:up    builds the binaries the first time (long; Go caches them), starts every process, and',
    '                prints the kubeconfig to use with the kubectl and helm it names',
    '  cluster:down  stops every process; the cluster state stays',
    '  cluster:wipe  stops every process and deletes the cluster state',
  ].join('\n'),
  positionals: [{ name: 'command', required: true, description: 'up, down or wipe' }],
  notes: ['Ports move with CLUSTER_APISERVER_PORT, CLUSTER_ETCD_PORT, … (see docs/configuration.md).'],
  failure: 'a build or a process failed (the error names it and its log)',
} satisfies CommandSpec;

const { positionals } = parseCommandLine(COMMAND);
const [command = ''] = positionals;
if (!['up', 'down', 'wipe'].includes(command))
  usageError(COMMAND, `unknown command ${JSON.stringify(command)}`);

const log = (line: string) => console.log(`[cluster] ${line}`);
const settings = loadClusterSettings();
try {
  if (command === 'up') {
    const cluster = await clusterUp(settings, log);
    log('the control plane is up; to use it:');
    log(`  export KUBECONFIG=${cluster.kubeconfig}`);
    log(`  ${cluster.binaries.kubectl} get nodes`);
  } else {
    await clusterDown(settings, log);
    if (command === 'wipe') {
      rmSync(settings.dataDir, { recursive: true, force: true });
      log(`deleted ${settings.dataDir}`);
    }
  }
} catch (error) {
  console.error(`[cluster] FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
}
// pm2's client keeps handles open after it disconnects.
process.exit(process.exitCode ?? 0);
