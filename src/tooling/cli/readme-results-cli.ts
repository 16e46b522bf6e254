import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { README_RESULT_FILES, refreshReadme } from '../readme/result-blocks.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  command: 'npm run readme:results',
  summary:
    'Copies each results file into its block of README.md, between <!-- results: <file> … --> and\n' +
    '<!-- /results -->:\n' +
    README_RESULT_FILES.map(({ file, command }) => `  ${file}  (written by ${command})`).join('\n'),
});
const changed = refreshReadme(PROJECT_ROOT);
console.log(
  changed.length > 0
    ? `[readme] refreshed the README's blocks for ${changed.join(', ')}`
    : '[readme] every results block already matches its file',
);
