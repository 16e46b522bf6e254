import { globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { checkDocPage } from '../../src/tooling/readme/docs-check.ts';
import { outlineMarkdown } from '../../src/tooling/readme/markdown-outline.ts';

// The pages a reader follows links through: the front page, docs/, and the chart's own README.
const PAGES = globSync(['README.md', 'docs/**/*.md', 'charts/*/README.md'], { cwd: PROJECT_ROOT }).sort();
const packageJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const SCRIPTS = new Set(Object.keys(packageJson.scripts));

describe('the docs', () => {
  it('include the front page, every page under docs/ and the chart README', () => {
    expect(PAGES).toContain('README.md');
    expect(PAGES).toContain('docs/operations.md');
    expect(PAGES).toContain('charts/outbox-pipeline/README.md');
  });

  it.each(PAGES)('%s: every relative link and #anchor resolves, every npm script it names exists', (page) => {
    expect(checkDocPage(PROJECT_ROOT, page, SCRIPTS)).toEqual([]);
  });

  it('reach every page under docs/ from the README, directly or through other pages', () => {
    const reached = new Set<string>();
    const queue = ['README.md'];
    while (queue.length > 0) {
      const page = queue.shift() as string;
      if (reached.has(page)) continue;
      reached.add(page);
      for (const link of outlineMarkdown(readFileSync(path.join(PROJECT_ROOT, page), 'utf8')).links) {
        const target = link.split('#')[0] ?? '';
        if (!target.endsWith('.md') || /^[a-z]+:/i.test(target)) continue;
        queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(page), target)));
      }
    }
    expect(PAGES.filter((page) => page.startsWith('docs/') && !reached.has(page))).toEqual([]);
  });
});

describe('checking a page', () => {
  let root = '';
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('accepts links to existing files and headings, with GitHub slugs, and ignores code and absolute URLs', () => {
    root = mkdtempSync(path.join(tmpdir(), 'docs-check-'));
    write(
      'docs/target.md',
      '# Target\n\n## The contract (`proto/`)\n\n## Load tests (k6)\n\n## Load tests (k6)\n',
    );
    write(
      'README.md',
      [
        '# Front',
        '[a](docs/target.md) [b](docs/target.md#the-contract-proto) [c](docs/target.md#load-tests-k6-1)',
        '[d](#front) [e](https://example.com/missing.md) [f](docs/)',
        '`[g](nowhere.md)` and `npm run nowhere`',
        '```sh\n[h](nowhere.md)\n```',
        'Run `npm start`, `npm test` and `npm run stack:up -- --help`.',
      ].join('\n\n'),
    );
    expect(checkDocPage(root, 'README.md', new Set(['start', 'test', 'stack:up', 'nowhere']))).toEqual([]);
  });

  it('names each broken link, missing anchor and unknown npm script', () => {
    root = mkdtempSync(path.join(tmpdir(), 'docs-check-'));
    write('docs/target.md', '# Target\n\n## Present\n');
    write(
      'docs/page.md',
      [
        '# Page',
        '[gone](gone.md) [anchor](target.md#absent) [own](#missing) [fine](target.md#present)',
        '[up](../../outside.md)',
        'Then `npm run stack:nope` and `npm run stack:up`.',
      ].join('\n\n'),
    );
    expect(checkDocPage(root, 'docs/page.md', new Set(['stack:up']))).toEqual([
      'docs/page.md: gone.md points to docs/gone.md, which does not exist',
      'docs/page.md: target.md#absent names #absent, which no heading of docs/target.md makes',
      'docs/page.md: #missing names #missing, which no heading of docs/page.md makes',
      'docs/page.md: ../../outside.md points outside the repository',
      'docs/page.md: names npm script "stack:nope", which package.json does not define',
    ]);
  });
});
