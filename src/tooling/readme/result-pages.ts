import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  blockFiles,
  expectedBlock,
  PUBLISHED_RESULT_FILES,
  type ResultFile,
  resultBlock,
  withResultBlock,
} from './result-blocks.ts';

/** A results block found on a page: the page and the results file, both relative to the repository. */
export interface PlacedBlock {
  page: string;
  file: string;
}

/** The markdown pages that may hold results blocks: README.md and every docs/*.md, sorted. */
export function resultPages(root: string): string[] {
  const docs = path.join(root, 'docs');
  const docPages = existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => `docs/${name}`)
    : [];
  return [...(existsSync(path.join(root, 'README.md')) ? ['README.md'] : []), ...docPages];
}

/** Every results block on every page, page by page. */
export function placedBlocks(root: string): PlacedBlock[] {
  return resultPages(root).flatMap((page) =>
    blockFiles(readFileSync(path.join(root, page), 'utf8')).map((file) => ({ page, file })),
  );
}

/**
 * Copies each results file into its block on whichever page holds it; returns the blocks that changed.
 * A block naming a file the list does not know is an error, so a typo cannot leave stale figures.
 */
export function refreshResultPages(
  root: string,
  entries: ResultFile[] = PUBLISHED_RESULT_FILES,
): PlacedBlock[] {
  const changed: PlacedBlock[] = [];
  for (const page of resultPages(root)) {
    const pageFile = path.join(root, page);
    const original = readFileSync(pageFile, 'utf8');
    let updated = original;
    for (const file of new Set(blockFiles(original))) {
      const entry = entries.find((known) => known.file === file);
      if (!entry) throw new Error(`${page} has a results block for ${file}, which no command writes`);
      const expected = expectedBlock(root, entry);
      if (resultBlock(updated, file) === expected) continue;
      updated = withResultBlock(updated, file, expected);
      changed.push({ page, file });
    }
    if (updated !== original) writeFileSync(pageFile, updated);
  }
  return changed;
}

/** After a published run: refreshes the pages' blocks and says which changed. */
export function refreshPublishedBlocks(root: string, log: (line: string) => void): void {
  for (const { page, file } of refreshResultPages(root))
    log(`refreshed the results block of ${file} in ${page}`);
}
