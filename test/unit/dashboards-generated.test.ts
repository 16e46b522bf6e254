import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { dashboardJson, pipelineDashboards } from '../../src/tooling/dashboards/pipeline-dashboards.ts';

const DASHBOARDS_DIR = path.join(PROJECT_ROOT, 'dashboards');
const STALE =
  'dashboards/ differs from src/tooling/dashboards: run `npm run dashboards:generate` and commit the result';

describe('the committed dashboards', () => {
  const generated = pipelineDashboards();

  it.each(generated.map((entry) => [entry.fileName, entry]))(
    'dashboards/%s is what the generator writes',
    (_, entry) => {
      const committed = readFileSync(path.join(DASHBOARDS_DIR, entry.fileName), 'utf8');
      expect(committed, STALE).toBe(dashboardJson(entry.dashboard));
    },
  );

  it('holds no dashboard the generator does not write', () => {
    const files = readdirSync(DASHBOARDS_DIR).filter((name) => name.endsWith('.json'));
    expect(files.sort(), STALE).toEqual(generated.map((entry) => entry.fileName).sort());
  });
});
