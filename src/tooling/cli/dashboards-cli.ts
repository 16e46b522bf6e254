import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { dashboardJson, pipelineDashboards } from '../dashboards/pipeline-dashboards.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  command: 'npm run dashboards:generate',
  summary:
    'Writes every Grafana dashboard, built in src/tooling/dashboards/, to dashboards/<name>.json\n' +
    '(a unit test fails when the committed files differ from what this writes).',
});
const dashboardsDir = path.join(PROJECT_ROOT, 'dashboards');
mkdirSync(dashboardsDir, { recursive: true });
for (const { fileName, dashboard } of pipelineDashboards()) {
  writeFileSync(path.join(dashboardsDir, fileName), dashboardJson(dashboard));
  console.log(`wrote dashboards/${fileName} (${dashboard.title})`);
}
