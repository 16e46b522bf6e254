import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import {
  blockFiles,
  expectedBlock,
  openingMarker,
  PUBLISHED_RESULT_FILES,
  resultBlock,
  withResultBlock,
} from '../../src/tooling/readme/result-blocks.ts';
import { placedBlocks, refreshResultPages, resultPages } from '../../src/tooling/readme/result-pages.ts';

const placed = placedBlocks(PROJECT_ROOT);
const pageText = (page: string) => readFileSync(path.join(PROJECT_ROOT, page), 'utf8');

describe("the docs' figures", () => {
  it('are looked for on the README and every page under docs/', () => {
    const pages = resultPages(PROJECT_ROOT);
    expect(pages[0]).toBe('README.md');
    expect(pages).toContain('docs/benchmarks.md');
    expect(pages).toContain('docs/reliability.md');
  });

  it.each(PUBLISHED_RESULT_FILES)('show $file on exactly one page', (entry) => {
    const pages = placed.filter((block) => block.file === entry.file).map((block) => block.page);
    expect(
      pages,
      `no page has a block for ${entry.file}: add ${openingMarker(entry)} and <!-- /results --> where it belongs`,
    ).toHaveLength(1);
  });

  it.each(placed)('$page shows $file as its command last wrote it', ({ page, file }) => {
    const entry = PUBLISHED_RESULT_FILES.find((known) => known.file === file);
    expect(entry, `${page} has a block for ${file}, which no command writes`).toBeDefined();
    if (!entry) return;
    expect(
      resultBlock(pageText(page), file),
      `${page}'s block differs from ${file}: run \`${entry.command}\` (it writes the file), ` +
        'then `npm run readme:results` (it copies the file into its block)',
    ).toBe(expectedBlock(PROJECT_ROOT, entry));
  });
});

describe('a results block', () => {
  const entry = { file: 'bench/example.md', command: 'npm run example' };
  const page = `# Title\n\n${openingMarker(entry)}\nold figures\n<!-- /results -->\n\nprose after\n`;

  it('is read between its markers and replaced with nothing else touched', () => {
    expect(blockFiles(page)).toEqual(['bench/example.md']);
    expect(resultBlock(page, 'bench/example.md')).toBe('old figures\n');
    const updated = withResultBlock(page, 'bench/example.md', '| a | $1 |\n');
    expect(updated).toBe(page.replace('old figures\n', '| a | $1 |\n'));
    expect(resultBlock(updated, 'bench/example.md')).toBe('| a | $1 |\n');
  });

  it('belongs to its own file only', () => {
    expect(resultBlock(page, 'bench/example')).toBeUndefined();
    expect(resultBlock(page, 'example.md')).toBeUndefined();
    expect(() => withResultBlock(page, 'bench/other.md', 'x\n')).toThrow('no block for bench/other.md');
  });

  it('is refused when it appears twice', () => {
    expect(() => resultBlock(`${page}${page}`, 'bench/example.md')).toThrow('2 blocks');
  });

  it('says which command to run while its file does not exist', () => {
    expect(expectedBlock(PROJECT_ROOT, entry)).toBe(
      '_Not measured yet: `npm run example` writes `bench/example.md`._\n',
    );
  });
});

describe('refreshing the pages', () => {
  const one = { file: 'bench/one.md', command: 'npm run one' };
  const two = { file: 'bench/two.md', command: 'npm run two' };
  const entries = [one, two];
  let root = '';
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const blockOf = (entry: typeof one, content: string) =>
    `${openingMarker(entry)}\n${content}<!-- /results -->\n`;

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('copies each file into its block on the README and on pages under docs/, and leaves other pages alone', () => {
    root = mkdtempSync(path.join(tmpdir(), 'result-pages-'));
    write('bench/one.md', '| one | 1 |\n');
    write('bench/two.md', '| two | 2 |\n');
    write('README.md', `# Front\n\n${blockOf(one, 'stale\n')}`);
    write('docs/figures.md', `# Figures\n\n${blockOf(two, 'stale\n')}\nafter\n`);
    write('docs/plain.md', '# Plain\n');

    expect(refreshResultPages(root, entries)).toEqual([
      { page: 'README.md', file: 'bench/one.md' },
      { page: 'docs/figures.md', file: 'bench/two.md' },
    ]);
    expect(read('README.md')).toBe(`# Front\n\n${blockOf(one, '| one | 1 |\n')}`);
    expect(read('docs/figures.md')).toBe(`# Figures\n\n${blockOf(two, '| two | 2 |\n')}\nafter\n`);
    expect(read('docs/plain.md')).toBe('# Plain\n');
    expect(refreshResultPages(root, entries)).toEqual([]);
  });

  it('refuses a block for a file no command writes, naming the page and the file', () => {
    root = mkdtempSync(path.join(tmpdir(), 'result-pages-'));
    write('README.md', '# Front\n');
    write(
      'docs/figures.md',
      `${openingMarker({ file: 'bench/typo.md', command: 'npm run x' })}\nx\n<!-- /results -->\n`,
    );
    expect(() => refreshResultPages(root, entries)).toThrow(
      'docs/figures.md has a results block for bench/typo.md',
    );
  });
});
