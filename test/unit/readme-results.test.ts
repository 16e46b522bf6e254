import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import {
  expectedBlock,
  openingMarker,
  README_RESULT_FILES,
  readmeBlock,
  withBlock,
} from '../../src/tooling/readme/result-blocks.ts';

const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

describe("the README's figures", () => {
  it.each(README_RESULT_FILES)('show $file as its command last wrote it', (entry) => {
    const block = readmeBlock(readme, entry.file);
    expect(
      block,
      `README.md has no block for ${entry.file}: add ${openingMarker(entry)} and <!-- /results --> where it belongs`,
    ).toBeDefined();
    expect(
      block,
      `README.md's block differs from ${entry.file}: run \`${entry.command}\` (it writes the file), ` +
        'then `npm run readme:results` (it copies the file into the README)',
    ).toBe(expectedBlock(PROJECT_ROOT, entry));
  });

  it('has no results block for a file the list does not name', () => {
    const files = [...readme.matchAll(/<!-- results: (\S+?),? /g)].map((match) => match[1]);
    expect(files.sort()).toEqual(README_RESULT_FILES.map((entry) => entry.file).sort());
  });
});

describe('a results block', () => {
  const entry = { file: 'bench/example.md', command: 'npm run example' };
  const page = `# Title\n\n${openingMarker(entry)}\nold figures\n<!-- /results -->\n\nprose after\n`;

  it('is read between its markers and replaced with nothing else touched', () => {
    expect(readmeBlock(page, 'bench/example.md')).toBe('old figures\n');
    const updated = withBlock(page, 'bench/example.md', '| a | $1 |\n');
    expect(updated).toBe(page.replace('old figures\n', '| a | $1 |\n'));
    expect(readmeBlock(updated, 'bench/example.md')).toBe('| a | $1 |\n');
  });

  it('belongs to its own file only', () => {
    expect(readmeBlock(page, 'bench/example')).toBeUndefined();
    expect(readmeBlock(page, 'example.md')).toBeUndefined();
    expect(() => withBlock(page, 'bench/other.md', 'x\n')).toThrow('no block for bench/other.md');
  });

  it('is refused when it appears twice', () => {
    expect(() => readmeBlock(`${page}${page}`, 'bench/example.md')).toThrow('2 blocks');
  });

  it('says which command to run while its file does not exist', () => {
    expect(expectedBlock(PROJECT_ROOT, entry)).toBe(
      '_Not measured yet: `npm run example` writes `bench/example.md`._\n',
    );
  });
});
