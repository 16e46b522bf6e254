import { ProcessSupervisor } from '../stack/process-supervisor.ts';
import { waitUntil } from '../stack/readiness-probes.ts';
import { ensureClusterCredentials } from './cluster-credentials.ts';
import { clusterProcesses } from './cluster-processes.ts';
import type { ClusterSettings } from './cluster-settings.ts';
import { type ClusterBinaries, ensureClusterBinaries } from './control-plane-binaries.ts';
import { ensureFakeNode } from './fake-node.ts';
import { KubeApi } from './kube-api.ts';
import { writeKwokStages } from './kwok-stages.ts';

export interface RunningCluster {
  kubeconfig: string;
  binaries: ClusterBinaries;
}

const READY_TIMEOUT_MS = 120_000;

/**
 * Builds what is missing, then starts the control plane under its own pm2 (a second `up` keeps what
 * runs), waits for each process to answer, and registers the fake node. A part that does not come up
 * fails the step, naming the part and its log.
 */
export async function clusterUp(
  settings: ClusterSettings,
  log: (line: string) => void,
): Promise<RunningCluster> {
  const binaries = await ensureClusterBinaries(settings, log);
  const credentials = ensureClusterCredentials(settings, log);
  const stages = writeKwokStages(settings);
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    const running = await supervisor.list();
    for (const { spec, ready } of clusterProcesses(settings, binaries, credentials, stages)) {
      const current = running.find((item) => item.name === spec.name);
      if (current?.status !== 'online') {
        if (current) await supervisor.remove(spec.name);
        await supervisor.start(spec);
      }
      const started = Date.now();
      try {
        await waitUntil(ready, READY_TIMEOUT_MS);
      } catch (error) {
        throw new Error(
          `${spec.name} did not become ready within ${READY_TIMEOUT_MS / 1000} s: ${(error as Error).message}; ` +
            `its log: ${supervisor.logFile(spec.name)}`,
        );
      }
      log(
        `${spec.name}: ready${current?.status === 'online' ? ' (already running)' : ` in ${((Date.now() - started) / 1000).toFixed(1)} s`}`,
      );
    }
  } finally {
    supervisor.disconnect();
  }
  await ensureFakeNode(new KubeApi(credentials.kubeconfigs.admin), log);
  return { kubeconfig: credentials.kubeconfigs.admin, binaries };
}

/** Stops every process of the control plane and its pm2 daemon; its state stays for the next `up`. */
export async function clusterDown(settings: ClusterSettings, log: (line: string) => void): Promise<void> {
  if (!ProcessSupervisor.isRunning(settings)) {
    log('not running');
    return;
  }
  const supervisor = await ProcessSupervisor.connect(settings);
  const names = (await supervisor.list()).map((item) => item.name);
  await supervisor.shutDown();
  log(`stopped ${names.join(', ') || 'nothing'}`);
}
