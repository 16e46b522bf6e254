import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';

export const CHART_DIR = path.join(PROJECT_ROOT, 'charts', 'outbox-pipeline');

/**
 * What the chart reads with `.Files`, each copied from its one source in the repository (Helm cannot
 * read outside the chart's folder). The copies are committed, so `helm upgrade --install` works from a
 * checkout with no npm step; `npm run chart:sync` refreshes them and `npm test` fails while they differ.
 */
export const CHART_FILE_SOURCES = [
  { from: 'dashboards', pattern: /\.json$/, to: 'files/dashboards' },
  { from: 'stack/prometheus/rules', pattern: /\.yml$/, to: 'files/prometheus-rules' },
  { from: 'connectors', pattern: /\.json$/, to: 'files/connectors' },
  { from: 'deploy/compose', pattern: /^otelcol\.yaml$/, to: 'files' },
] as const;

type ChartFileSource = (typeof CHART_FILE_SOURCES)[number];

function sourceNames(projectRoot: string, source: ChartFileSource): string[] {
  const sourceDir = path.join(projectRoot, source.from);
  const names = existsSync(sourceDir)
    ? readdirSync(sourceDir).filter((name) => source.pattern.test(name))
    : [];
  if (names.length === 0)
    throw new Error(`chart:sync: no files matching ${source.pattern} in ${source.from}/`);
  return names.sort();
}

/** Replaces the chart's copies with the repository's files; returns the chart-relative paths written. */
export function syncChartFiles(projectRoot = PROJECT_ROOT, chartDir = CHART_DIR): string[] {
  const written: string[] = [];
  for (const source of CHART_FILE_SOURCES) {
    const names = sourceNames(projectRoot, source);
    const targetDir = path.join(chartDir, source.to);
    if (source.to !== 'files') rmSync(targetDir, { recursive: true, force: true });
    mkdirSync(targetDir, { recursive: true });
    for (const name of names) {
      copyFileSync(path.join(projectRoot, source.from, name), path.join(targetDir, name));
      written.push(path.join(source.to, name));
    }
  }
  return written;
}

/**
 * How the chart's copies differ from their sources, one line per file: a copy that is missing, differs,
 * or has no source any more. Empty when the chart is in step.
 */
export function staleChartFiles(projectRoot = PROJECT_ROOT, chartDir = CHART_DIR): string[] {
  const problems: string[] = [];
  for (const source of CHART_FILE_SOURCES) {
    const names = sourceNames(projectRoot, source);
    const targetDir = path.join(chartDir, source.to);
    for (const name of names) {
      const copy = path.join(targetDir, name);
      const chartPath = path.join(source.to, name);
      if (!existsSync(copy)) problems.push(`${chartPath} is missing (source: ${source.from}/${name})`);
      else if (!readFileSync(copy).equals(readFileSync(path.join(projectRoot, source.from, name))))
        problems.push(`${chartPath} differs from ${source.from}/${name}`);
    }
    if (source.to === 'files' || !existsSync(targetDir)) continue;
    for (const extra of readdirSync(targetDir).filter((name) => !names.includes(name)))
      problems.push(`${path.join(source.to, extra)} has no source in ${source.from}/`);
  }
  return problems;
}
