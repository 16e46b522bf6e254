import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';

export const CHART_DIR = path.join(PROJECT_ROOT, 'charts', 'outbox-pipeline');

/**
 * What the chart reads with `.Files`, each copied from its one source in the repository (Helm cannot
 * read outside the chart's folder). The copies are not committed: `npm run chart:sync` makes them.
 */
export const CHART_FILE_SOURCES = [
  { from: 'dashboards', pattern: /\.json$/, to: 'files/dashboards' },
  { from: 'stack/prometheus/rules', pattern: /\.yml$/, to: 'files/prometheus-rules' },
  { from: 'connectors', pattern: /\.json$/, to: 'files/connectors' },
  { from: 'deploy/compose', pattern: /^otelcol\.yaml$/, to: 'files' },
] as const;

/** Replaces the chart's copies with the repository's files; returns the chart-relative paths written. */
export function syncChartFiles(projectRoot = PROJECT_ROOT, chartDir = CHART_DIR): string[] {
  const written: string[] = [];
  for (const source of CHART_FILE_SOURCES) {
    const sourceDir = path.join(projectRoot, source.from);
    const names = existsSync(sourceDir)
      ? readdirSync(sourceDir).filter((name) => source.pattern.test(name))
      : [];
    if (names.length === 0) {
      throw new Error(`chart:sync: no files matching ${source.pattern} in ${source.from}/`);
    }
    const targetDir = path.join(chartDir, source.to);
    if (source.to !== 'files') rmSync(targetDir, { recursive: true, force: true });
    mkdirSync(targetDir, { recursive: true });
    for (const name of names.sort()) {
      copyFileSync(path.join(sourceDir, name), path.join(targetDir, name));
      written.push(path.join(source.to, name));
    }
  }
  return written;
}
