import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { loadClusterSettings } from '../../src/tooling/cluster/cluster-settings.ts';
import { clusterDown, clusterUp } from '../../src/tooling/cluster/cluster-up.ts';
import { ensureDeployTools } from '../../src/tooling/deploy/deploy-tools.ts';
import { ProcessSupervisor } from '../../src/tooling/stack/process-supervisor.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

export interface ClusterTools {
  kubeconfig: string;
  helm: string;
  kubectl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterTools;
  }
}

/**
 * The chart's tests on a real control plane start one from an empty state (no CRDs, no releases) and
 * stop it afterwards. The first run builds it, which is long; Go's cache makes later runs quick.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[cluster] ${line}`);
  const settings = loadClusterSettings();
  if (ProcessSupervisor.isRunning(settings))
    throw new Error(
      'a local cluster is already running (npm run cluster:up): stop it with npm run cluster:down; the ' +
        'tests start their own from an empty state and stop it afterwards',
    );
  rmSync(settings.dataDir, { recursive: true, force: true });
  const tools = await ensureDeployTools(loadStackSettings().downloadDir, log);
  const started = Date.now();
  try {
    const cluster = await clusterUp(settings, log);
    log(`control plane up in ${((Date.now() - started) / 1000).toFixed(0)} s (builds included)`);
    project.provide('cluster', {
      kubeconfig: cluster.kubeconfig,
      helm: tools.helm,
      kubectl: cluster.binaries.kubectl,
    });
  } catch (error) {
    await clusterDown(settings, log);
    throw error;
  }
  return () => clusterDown(settings, log);
}
