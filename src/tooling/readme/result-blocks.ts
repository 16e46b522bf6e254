import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ResultFile {
  /** The results file, relative to the repository. */
  file: string;
  /** The command that writes it. */
  command: string;
}

/**
 * Every results file the README shows, and the command that writes it. The README holds each one
 * between `<!-- results: <file> … -->` and `<!-- /results -->`, a copy a unit test compares with the file.
 */
export const README_RESULT_FILES: ResultFile[] = [
  { file: 'bench/results.md', command: 'npm run bench' },
  { file: 'bench/profile-results.md', command: 'npm run bench -- --profile' },
  { file: 'bench/chaos-results.md', command: 'npm run chaos' },
  { file: 'bench/idle-wal-results.md', command: 'npm run chaos -- --idle-minutes 10' },
];

const CLOSE = '<!-- /results -->';
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const blockPattern = (file: string) =>
  new RegExp(`(<!-- results: ${literally(file)}(?=[,\\s])[^>]*-->\\n)([\\s\\S]*?)(${literally(CLOSE)})`, 'g');

export function openingMarker({ file, command }: ResultFile): string {
  return `<!-- results: ${file}, written by ${command}; npm run readme:results copies it here -->`;
}

/** What the README's block holds; undefined without a block; an error when there is more than one. */
export function readmeBlock(readme: string, file: string): string | undefined {
  const blocks = [...readme.matchAll(blockPattern(file))];
  if (blocks.length > 1) throw new Error(`the README has ${blocks.length} blocks for ${file}; keep one`);
  return blocks[0]?.[2];
}

/** The README with the block's content replaced (the block must exist). */
export function withBlock(readme: string, file: string, content: string): string {
  if (readmeBlock(readme, file) === undefined) throw new Error(`the README has no block for ${file}`);
  return readme.replace(
    blockPattern(file),
    (_match, open: string, _old: string, close: string) => `${open}${content}${close}`,
  );
}

/** What the block should hold: the file as it is, or, before its command has run, a line saying so. */
export function expectedBlock(root: string, entry: ResultFile): string {
  const file = path.join(root, entry.file);
  if (!existsSync(file)) return `_Not measured yet: \`${entry.command}\` writes \`${entry.file}\`._\n`;
  const content = readFileSync(file, 'utf8');
  return content.endsWith('\n') ? content : `${content}\n`;
}

/** Copies results files into the README's blocks; returns the files whose block changed. */
export function refreshReadme(root: string, entries: ResultFile[] = README_RESULT_FILES): string[] {
  const readmeFile = path.join(root, 'README.md');
  let readme = readFileSync(readmeFile, 'utf8');
  const changed: string[] = [];
  for (const entry of entries) {
    const expected = expectedBlock(root, entry);
    if (readmeBlock(readme, entry.file) === expected) continue;
    readme = withBlock(readme, entry.file, expected);
    changed.push(entry.file);
  }
  if (changed.length > 0) writeFileSync(readmeFile, readme);
  return changed;
}
