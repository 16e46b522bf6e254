import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';

export const repositoryPath = (relative: string) => path.join(PROJECT_ROOT, relative);

export const readRepositoryFile = (relative: string) => readFileSync(repositoryPath(relative), 'utf8');

/** The given repository-relative paths that do not exist, for one assertion naming all of them. */
export const missingFiles = (relatives: Iterable<string>) =>
  [...relatives].filter((relative) => !existsSync(repositoryPath(relative)));

export const packageJson = JSON.parse(readRepositoryFile('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
