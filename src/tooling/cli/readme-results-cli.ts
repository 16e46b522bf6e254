import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { PUBLISHED_RESULT_FILES } from '../readme/result-blocks.ts';
import { refreshResultPages } from '../readme/result-pages.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  command: 'npm run readme:results',
  summary:
    'Copies each results file into its block, between <!-- results: <file> … --> and <!-- /results -->,\n' +
    'on whichever page holds it (README.md or docs/*.md):\n' +
    PUBLISHED_RESULT_FILES.map(({ file, command }) => `  ${file}  (written by ${command})`).join('\n'),
});
const changed = refreshResultPages(PROJECT_ROOT);
console.log(
  changed.length > 0
    ? `[readme] refreshed ${changed.map(({ page, file }) => `${page} (${file})`).join(', ')}`
    : '[readme] every results block already matches its file',
);
