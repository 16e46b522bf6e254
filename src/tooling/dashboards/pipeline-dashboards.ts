import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { lagDashboard } from './lag-dashboard.ts';
import { pipelineOverviewDashboard } from './pipeline-overview-dashboard.ts';
import { runtimeDashboard } from './runtime-dashboard.ts';

export interface GeneratedDashboard {
  /** File name under `dashboards/`. */
  fileName: string;
  dashboard: Dashboard;
}

/** Every dashboard the project ships, with the file it is written to. */
export function pipelineDashboards(): GeneratedDashboard[] {
  return [
    { fileName: 'pipeline-overview.json', dashboard: pipelineOverviewDashboard() },
    { fileName: 'lag.json', dashboard: lagDashboard() },
    { fileName: 'runtime.json', dashboard: runtimeDashboard() },
  ];
}

/** The exact text committed for a dashboard: two-space JSON and a final newline. */
export function dashboardJson(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
