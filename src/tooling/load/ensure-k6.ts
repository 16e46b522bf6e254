import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';

const BUILD_MODULE = path.join(PROJECT_ROOT, 'stack', 'k6-build');

/**
 * Builds Grafana k6 at the version `stack/k6-build/go.mod` pins, from the Go module proxy, into
 * `<downloadDir>/bin/k6`, unless that exact build is there. (`go install go.k6.io/k6/v2@v2.2.0` needs
 * the proxy's version list, which it does not serve here; building inside a pinned module does not.)
 */
export function ensureK6(downloadDir: string, log: (line: string) => void): string {
  const binary = path.join(downloadDir, 'bin', 'k6');
  const stamp = `${binary}.go.sum`;
  const pins = readFileSync(path.join(BUILD_MODULE, 'go.sum'), 'utf8');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === pins) return binary;

  log('building k6 from the Go module proxy (once; cached by Go)');
  mkdirSync(path.dirname(binary), { recursive: true });
  const build = spawnSync('go', ['build', '-o', binary, 'go.k6.io/k6/v2'], {
    cwd: BUILD_MODULE,
    encoding: 'utf8',
    env: {
      ...process.env,
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-mod=readonly',
      GOPROXY: 'https://proxy.golang.org',
    },
  });
  if (build.error) throw new Error(`could not run go (is Go installed?): ${build.error.message}`);
  if (build.status !== 0) throw new Error(`building k6 failed:\n${build.stderr}`);
  writeFileSync(stamp, pins);
  return binary;
}
