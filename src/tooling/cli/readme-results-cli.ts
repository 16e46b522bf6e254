import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { PUBLISHED_RESULT_FILES } from '../readme/result-blocks.ts';
import { refreshResultPages } from '../readme/result-pages.ts';

// `npm run readme:results`: copies each results file under bench/ into its block, on README.md or docs/*.md.
const { values } = parseArgs({ options: { help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log(
    [
      'usage: npm run readme:results',
      'Copies each results file into its block, between <!-- results: <file> … --> and <!-- /results -->,',
      'on whichever page holds it (README.md or docs/*.md):',
      ...PUBLISHED_RESULT_FILES.map(({ file, command }) => `  ${file}  (written by ${command})`),
    ].join('\n'),
  );
  process.exit(0);
}
const changed = refreshResultPages(PROJECT_ROOT);
console.log(
  changed.length > 0
    ? `[readme] refreshed ${changed.map(({ page, file }) => `${page} (${file})`).join(', ')}`
    : '[readme] every results block already matches its file',
);
