import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIGURATION_PARTS } from './configuration-parts.ts';
import {
  renderConfigurationTable,
  TABLE_END,
  TABLE_START,
  withConfigurationTable,
} from './configuration-table.ts';
import { configurationVariables } from './configuration-variables.ts';
import { renderEnvExample } from './env-example.ts';

export const ENV_EXAMPLE_FILE = '.env.example';
export const CONFIGURATION_DOC_FILE = 'docs/configuration.md';

const NEW_DOCUMENT = `# Configuration

Every setting is an environment variable, parsed once when a program starts against the schema of that
program; a bad value stops it with a message naming each bad variable. \`.env.example\` lists the same
variables, ready to copy to \`.env\`. \`npm run config:generate\` writes both from the schemas.

${TABLE_START}
${TABLE_END}
`;

/** What `.env.example` and `docs/configuration.md` should hold, by path relative to the project root. */
export function configurationReference(projectRoot: string): Record<string, string> {
  const variables = configurationVariables(CONFIGURATION_PARTS, projectRoot);
  const documentPath = path.join(projectRoot, CONFIGURATION_DOC_FILE);
  // The prose around the table is written by hand and kept; only the table between the markers is generated.
  const document = existsSync(documentPath) ? readFileSync(documentPath, 'utf8') : NEW_DOCUMENT;
  return {
    [ENV_EXAMPLE_FILE]: renderEnvExample(CONFIGURATION_PARTS, variables),
    [CONFIGURATION_DOC_FILE]: withConfigurationTable(document, renderConfigurationTable(variables)),
  };
}
