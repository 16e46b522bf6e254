import type { TestProject } from 'vitest/node';
import { syncChartFiles } from '../../src/tooling/deploy/chart-files.ts';
import { type DeployTools, ensureDeployTools } from '../../src/tooling/deploy/deploy-tools.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    deployTools: DeployTools;
  }
}

/**
 * Installs the pinned validators (helm, kubeconform, Kubernetes schemas, hadolint, compose-check) when
 * missing, and copies the dashboards, rules and connector configs into the chart, as `npm run chart:sync`.
 */
export default async function setup(project: TestProject): Promise<void> {
  const tools = await ensureDeployTools(loadStackSettings().downloadDir, (line) =>
    console.log(`[deploy] ${line}`),
  );
  syncChartFiles();
  project.provide('deployTools', tools);
}
