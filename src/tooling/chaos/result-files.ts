import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `<stem>.json` and `<stem>.md` into the folder and returns the markdown file's path. */
export function writeResultFiles(folder: string, stem: string, json: unknown, markdown: string): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${stem}.json`), `${JSON.stringify(json, null, 2)}\n`);
  const markdownFile = path.join(folder, `${stem}.md`);
  writeFileSync(markdownFile, markdown);
  return markdownFile;
}
