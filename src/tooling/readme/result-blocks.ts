import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ResultFile {
  /** The results file, relative to the repository. */
  file: string;
  /** The command that writes it. */
  command: string;
}

/**
 * Every results file the docs show, and the command that writes it. A page (README.md or docs/*.md)
 * holds each one between `<!-- results: <file> … -->` and `<!-- /results -->`, a copy a unit test
 * compares with the file.
 */
export const PUBLISHED_RESULT_FILES: ResultFile[] = [
  { file: 'bench/results.md', command: 'npm run bench' },
  { file: 'bench/profile-results.md', command: 'npm run bench -- --profile' },
  { file: 'bench/cost-history.md', command: 'npm run bench' },
  { file: 'bench/chaos-results.md', command: 'npm run chaos' },
  { file: 'bench/idle-wal-results.md', command: 'npm run chaos -- --idle-minutes 10' },
  { file: 'bench/scale-chaos-results.md', command: 'npm run chaos -- --scale' },
  { file: 'bench/failover-chaos-results.md', command: 'npm run chaos -- --failover' },
  { file: 'bench/failover-async-chaos-results.md', command: 'npm run chaos -- --failover --async' },
  {
    file: 'bench/failover-no-failover-slot-chaos-results.md',
    command: 'npm run chaos -- --failover --no-failover-slot',
  },
];

const CLOSE = '<!-- /results -->';
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const blockPattern = (file: string) =>
  new RegExp(`(<!-- results: ${literally(file)}(?=[,\\s])[^>]*-->\\n)([\\s\\S]*?)(${literally(CLOSE)})`, 'g');

export function openingMarker({ file, command }: ResultFile): string {
  return `<!-- results: ${file}, written by ${command}; npm run readme:results copies it here -->`;
}

/** The results files a page has blocks for, in the order they appear: opening markers on lines of their own. */
export function blockFiles(page: string): string[] {
  return [...page.matchAll(/^<!-- results: (\S+?)[,\s][^>]*-->$/gm)].map((match) => match[1] as string);
}

/** What the page's block for the file holds; undefined without a block; an error when there is more than one. */
export function resultBlock(page: string, file: string): string | undefined {
  const blocks = [...page.matchAll(blockPattern(file))];
  if (blocks.length > 1) throw new Error(`the page has ${blocks.length} blocks for ${file}; keep one`);
  return blocks[0]?.[2];
}

/** The page with the block's content replaced (the block must exist). */
export function withResultBlock(page: string, file: string, content: string): string {
  if (resultBlock(page, file) === undefined) throw new Error(`the page has no block for ${file}`);
  return page.replace(
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
