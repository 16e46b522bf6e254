import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { README_RESULT_FILES, refreshReadme } from '../readme/result-blocks.ts';

// `npm run readme:results`: copies each results file under bench/ into its block of the README.
const { values } = parseArgs({ options: { help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log(
    [
      'usage: npm run readme:results',
      'Copies each results file into its block of README.md, between <!-- results: <file> … --> and <!-- /results -->:',
      ...README_RESULT_FILES.map(({ file, command }) => `  ${file}  (written by ${command})`),
    ].join('\n'),
  );
  process.exit(0);
}
const changed = refreshReadme(PROJECT_ROOT);
console.log(
  changed.length > 0
    ? `[readme] refreshed the README's blocks for ${changed.join(', ')}`
    : '[readme] every results block already matches its file',
);
