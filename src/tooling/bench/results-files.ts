import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { refreshReadme } from '../readme/result-blocks.ts';
import { renderMarkdown } from './bench-report.ts';
import { type BenchResults, mergeResults } from './bench-results.ts';
import { type ProfileResults, renderProfileReport } from './profile-report.ts';

/** Where a run's figures go: `bench/` (and the README) for the full plan, the data folder otherwise. */
export function resultsFolder(published: boolean, dataDir: string): string {
  return published ? path.join(PROJECT_ROOT, 'bench') : path.join(dataDir, 'bench');
}

/**
 * Writes this run's sections over the earlier results in the folder (the other sections stay, each
 * with its own date) as results.json and results.md; returns the markdown.
 */
export function writeBenchResults(
  folder: string,
  fresh: BenchResults,
  log: (line: string) => void,
): { markdown: string; file: string } {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'results.json');
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const { results, dropped } = mergeResults(earlier, fresh);
  if (dropped.length > 0)
    log(
      `dropped the earlier figures of ${dropped.join(', ')}: the file does not say when they were measured`,
    );
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderMarkdown(results);
  writeFileSync(path.join(folder, 'results.md'), markdown);
  return { markdown, file };
}

export function writeProfileResults(
  folder: string,
  results: ProfileResults,
): { markdown: string; file: string } {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'profile-results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderProfileReport(results);
  writeFileSync(path.join(folder, 'profile-results.md'), markdown);
  return { markdown, file };
}

/** Copies the published results into the README's blocks. */
export function refreshReadmeBlocks(log: (line: string) => void): void {
  const changed = refreshReadme(PROJECT_ROOT);
  if (changed.length > 0) log(`README: refreshed the blocks of ${changed.join(', ')}`);
}
