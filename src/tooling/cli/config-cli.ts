import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { configurationReference } from '../configuration/configuration-reference.ts';

const USAGE = `usage: npm run config:generate

  Writes .env.example and the table in docs/configuration.md from the configuration schemas of the
  services, the jobs and the local stack (the prose around the table is kept).

exit codes: 0 written, 1 a schema lacks a description or two parts disagree on a variable, 64 bad arguments`;

try {
  if (parseArgs({ options: { help: { type: 'boolean' } } }).values.help) {
    console.log(USAGE);
    process.exit(0);
  }
} catch (error) {
  console.error(`[config] ${(error as Error).message}\n${USAGE}`);
  process.exit(64);
}
try {
  for (const [file, text] of Object.entries(configurationReference(PROJECT_ROOT))) {
    writeFileSync(path.join(PROJECT_ROOT, file), text);
    console.log(`[config] wrote ${file}`);
  }
} catch (error) {
  console.error(`[config] ${(error as Error).message}`);
  process.exit(1);
}
