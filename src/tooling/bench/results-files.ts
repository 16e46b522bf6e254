import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeResultFiles } from '../readme/result-files.ts';
import { renderMarkdown } from './bench-report.ts';
import { type BenchResults, mergeResults } from './bench-results.ts';
import { type ProfileResults, renderProfileReport } from './profile-report.ts';

/**
 * Writes this run's sections over the earlier results in the folder (the other sections stay, each
 * with its own date) as results.json and results.md; returns the markdown.
 */
export function writeBenchResults(
  folder: string,
  fresh: BenchResults,
  log: (line: string) => void,
): { markdown: string; file: string } {
  const file = path.join(folder, 'results.json');
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const { results, dropped } = mergeResults(earlier, fresh);
  if (dropped.length > 0)
    log(
      `dropped the earlier figures of ${dropped.join(', ')}: the file does not say when they were measured`,
    );
  const markdown = renderMarkdown(results);
  writeResultFiles(folder, 'results', results, markdown);
  return { markdown, file };
}

export function writeProfileResults(
  folder: string,
  results: ProfileResults,
): { markdown: string; file: string } {
  const markdown = renderProfileReport(results);
  writeResultFiles(folder, 'profile-results', results, markdown);
  return { markdown, file: path.join(folder, 'profile-results.json') };
}
