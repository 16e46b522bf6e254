import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';

/**
 * Where a run's results go: `bench/` (which the docs copy from) when they are published, otherwise
 * `<data folder>/<scratch>` (a quick run or a changed plan only proves the harness works).
 */
export function resultsFolder(published: boolean, dataDir: string, scratch: string): string {
  return published ? path.join(PROJECT_ROOT, 'bench') : path.join(dataDir, scratch);
}

/** Writes `<stem>.json` and `<stem>.md` into the folder and returns the markdown file's path. */
export function writeResultFiles(folder: string, stem: string, json: unknown, markdown: string): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${stem}.json`), `${JSON.stringify(json, null, 2)}\n`);
  const markdownFile = path.join(folder, `${stem}.md`);
  writeFileSync(markdownFile, markdown);
  return markdownFile;
}
