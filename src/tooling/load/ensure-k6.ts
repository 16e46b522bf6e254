import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { goPackagesCompiled, runLongStep } from '../stack/long-step.ts';

const BUILD_MODULE = path.join(PROJECT_ROOT, 'stack', 'k6-build');

/**
 * Builds Grafana k6 at the version `stack/k6-build/go.mod` pins, from the Go module proxy, into
 * `<downloadDir>/bin/k6`, unless that exact build is there. (`go install go.k6.io/k6/v2@v2.2.0` needs
 * the proxy's version list, which it does not serve here; building inside a pinned module does not.)
 */
export async function ensureK6(downloadDir: string, log: (line: string) => void): Promise<string> {
  const binary = path.join(downloadDir, 'bin', 'k6');
  const stamp = `${binary}.go.sum`;
  const pins = readFileSync(path.join(BUILD_MODULE, 'go.sum'), 'utf8');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === pins) return binary;

  mkdirSync(path.dirname(binary), { recursive: true });
  await runLongStep(
    {
      what: 'k6',
      doing: 'building from the Go module proxy (several minutes the first time; cached by Go)',
      command: 'go',
      // -v names each package as it is compiled: the count is the progress shown.
      args: ['build', '-v', '-o', binary, 'go.k6.io/k6/v2'],
      cwd: BUILD_MODULE,
      env: {
        ...process.env,
        GOTOOLCHAIN: 'local',
        GOFLAGS: '-mod=readonly',
        GOPROXY: 'https://proxy.golang.org',
      },
      logFile: path.join(downloadDir, 'k6-build.log'),
      activity: goPackagesCompiled(),
      missing: 'is Go installed?',
    },
    log,
  );
  writeFileSync(stamp, pins);
  return binary;
}
