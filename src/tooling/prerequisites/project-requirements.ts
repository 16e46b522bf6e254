import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import type { Requirements } from './prerequisite-checks.ts';
import { requiredGoVersion } from './required-go-version.ts';

/** Kafka 4 and its Connect run on Java 17 or newer. */
const JAVA_VERSION = [17];
/** node_modules, the jars, the Go module and build caches of the Collector and k6, and the stack's data. */
const FREE_BYTES = 5 * 1024 ** 3;

/** What this checkout needs, read from package.json and the Go modules under stack/. */
export function projectRequirements(projectRoot = PROJECT_ROOT): Requirements {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  const nodeVersion = manifest.devDependencies?.node;
  if (typeof nodeVersion !== 'string')
    throw new Error('package.json pins no version of the npm package node');
  return {
    nodeVersion,
    nodeBinary: path.join(projectRoot, 'node_modules', '.bin', 'node'),
    goVersion: requiredGoVersion(path.join(projectRoot, 'stack')),
    javaVersion: JAVA_VERSION,
    projectFolder: projectRoot,
    freeBytes: FREE_BYTES,
  };
}
