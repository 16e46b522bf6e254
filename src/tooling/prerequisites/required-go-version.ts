import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findVersion, isAtLeast, type VersionNumber } from './version-number.ts';

/**
 * The newest `go` directive among the Go modules under `stack/` (the Collector, k6, compose-check): the
 * oldest Go that builds all of them, since they are built with GOTOOLCHAIN=local (no toolchain download).
 */
export function requiredGoVersion(stackFolder: string): VersionNumber {
  const versions = readdirSync(stackFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(stackFolder, entry.name, 'go.mod'))
    .flatMap((goMod) => {
      try {
        return [readFileSync(goMod, 'utf8')];
      } catch {
        return [];
      }
    })
    .map((text) => findVersion(text, /^go (\d+(?:\.\d+)*)\s*$/m))
    .filter((version): version is VersionNumber => version !== undefined);
  if (versions.length === 0) throw new Error(`no go.mod with a go directive under ${stackFolder}`);
  return versions.reduce((newest, version) => (isAtLeast(version, newest) ? version : newest));
}
