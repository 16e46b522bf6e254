import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { goPackagesCompiled, runLongStep } from './long-step.ts';

export interface PinnedGoBuild {
  /** Names the step in progress lines, e.g. `k6`. */
  what: string;
  /** What the step is doing and roughly how long it takes. */
  doing: string;
  /** The Go module (with its committed go.sum) the build runs in. */
  moduleDir: string;
  /** The package to build, relative to the module (`.`) or by import path. */
  target: string;
  binary: string;
  /** The build's inputs, kept beside the binary: a different value means the binary is rebuilt. */
  inputs: string;
  logFile: string;
  /** Extra `go build` flags, and extra environment (e.g. `CGO_ENABLED`). */
  flags?: string[];
  env?: Record<string, string>;
}

/**
 * Builds a tool from a pinned Go module, from the Go module proxy, unless the binary already there was
 * built from the same inputs. Go's caches make a rebuild take seconds; the first build, minutes, with a
 * progress line (packages compiled) every 15 s.
 */
export async function buildPinnedGoBinary(
  build: PinnedGoBuild,
  log: (line: string) => void,
): Promise<string> {
  const stamp = `${build.binary}.inputs`;
  if (existsSync(build.binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === build.inputs)
    return build.binary;
  mkdirSync(path.dirname(build.binary), { recursive: true });
  await runLongStep(
    {
      what: build.what,
      doing: build.doing,
      command: 'go',
      // -v names each package as it is compiled: the count is the progress shown.
      args: ['build', '-v', ...(build.flags ?? []), '-o', build.binary, build.target],
      cwd: build.moduleDir,
      env: {
        ...process.env,
        GOTOOLCHAIN: 'local',
        // The committed go.sum is the pin; the binary needs no version-control stamp.
        GOFLAGS: '-mod=readonly -buildvcs=false',
        GOPROXY: process.env.GOPROXY ?? 'https://proxy.golang.org',
        ...build.env,
      },
      logFile: build.logFile,
      activity: goPackagesCompiled(),
      missing: 'is Go installed?',
    },
    log,
  );
  writeFileSync(stamp, build.inputs);
  return build.binary;
}
