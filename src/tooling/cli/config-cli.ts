import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { configurationReference } from '../configuration/configuration-reference.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  command: 'npm run config:generate',
  summary:
    'Writes .env.example and the table in docs/configuration.md from the configuration schemas of the\n' +
    'services, the jobs and the local stack (the prose around the table is kept).',
  failure: 'a schema field lacks a description, or two parts disagree on a variable',
});
try {
  for (const [file, text] of Object.entries(configurationReference(PROJECT_ROOT))) {
    writeFileSync(path.join(PROJECT_ROOT, file), text);
    console.log(`[config] wrote ${file}`);
  }
} catch (error) {
  console.error(`[config] ${(error as Error).message}`);
  process.exit(1);
}
