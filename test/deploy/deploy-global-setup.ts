import type { TestProject } from 'vitest/node';
import { type DeployTools, ensureDeployTools } from '../../src/tooling/deploy/deploy-tools.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    deployTools: DeployTools;
  }
}

/**
 * Installs the pinned validators (helm, kubeconform, Kubernetes schemas, hadolint, compose-check) when
 * missing. The chart is tested as committed: its copied files are checked against their sources by a unit test.
 */
export default async function setup(project: TestProject): Promise<void> {
  const tools = await ensureDeployTools(loadStackSettings().downloadDir, (line) =>
    console.log(`[deploy] ${line}`),
  );
  project.provide('deployTools', tools);
}
