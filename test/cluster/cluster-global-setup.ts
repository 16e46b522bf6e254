import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { loadClusterSettings } from '../../src/tooling/cluster/cluster-settings.ts';
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

const clusterCli = fileURLToPath(new URL('../../src/tooling/cli/cluster-cli.ts', import.meta.url));

/** Runs `npm run cluster:<command>` in its own process, so no supervisor connection stays open in this one. */
const cluster = (command: 'up' | 'down') =>
  spawnSync(process.execPath, [clusterCli, command], { stdio: 'inherit' }).status === 0;

/**
 * The chart's tests on a real control plane start one from an empty state (no CRDs, no releases) and
 * stop it afterwards. The first run builds it, which is long; Go's cache makes later runs quick.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const settings = loadClusterSettings();
  if (ProcessSupervisor.isRunning(settings))
    throw new Error(
      'a local cluster is already running (npm run cluster:up): stop it with npm run cluster:down; the ' +
        'tests start their own from an empty state and stop it afterwards',
    );
  rmSync(settings.dataDir, { recursive: true, force: true });
  const tools = await ensureDeployTools(loadStackSettings().downloadDir, (line) =>
    console.log(`[cluster] ${line}`),
  );
  const started = Date.now();
  if (!cluster('up')) {
    cluster('down');
    throw new Error(
      'the local cluster did not come up (see the lines above for the part that failed and its log)',
    );
  }
  console.log(
    `[cluster] control plane up in ${((Date.now() - started) / 1000).toFixed(0)} s (builds included)`,
  );
  project.provide('cluster', {
    kubeconfig: settings.kubeconfig,
    helm: tools.helm,
    kubectl: path.join(settings.binDir, 'kubectl'),
  });
  return () => {
    cluster('down');
  };
}
