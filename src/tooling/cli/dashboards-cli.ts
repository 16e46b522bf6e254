import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { dashboardJson, pipelineDashboards } from '../dashboards/pipeline-dashboards.ts';

// Writes every dashboard to dashboards/<name>.json; `npm run dashboards:generate` runs it.
const dashboardsDir = path.join(PROJECT_ROOT, 'dashboards');
mkdirSync(dashboardsDir, { recursive: true });
for (const { fileName, dashboard } of pipelineDashboards()) {
  writeFileSync(path.join(dashboardsDir, fileName), dashboardJson(dashboard));
  console.log(`wrote dashboards/${fileName} (${dashboard.title})`);
}
