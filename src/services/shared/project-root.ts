import { fileURLToPath } from 'node:url';

/**
 * The folder that holds package.json, migrations/ and connectors/: the repository's root, or /app in
 * the container image. Services and tooling both find their files from here.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
