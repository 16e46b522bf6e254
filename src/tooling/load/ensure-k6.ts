import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { buildPinnedGoBinary } from '../stack/pinned-go-build.ts';

const BUILD_MODULE = path.join(PROJECT_ROOT, 'stack', 'k6-build');

/**
 * Builds Grafana k6 at the version `stack/k6-build/go.mod` pins, from the Go module proxy, into
 * `<downloadDir>/bin/k6`, unless that exact build is there. (`go install go.k6.io/k6/v2@v2.2.0` needs
 * the proxy's version list, which it does not serve here; building inside a pinned module does not.)
 */
export function ensureK6(downloadDir: string, log: (line: string) => void): Promise<string> {
  return buildPinnedGoBinary(
    {
      what: 'k6',
      doing: 'building from the Go module proxy (several minutes the first time; cached by Go)',
      moduleDir: BUILD_MODULE,
      target: 'go.k6.io/k6/v2',
      binary: path.join(downloadDir, 'bin', 'k6'),
      inputs: readFileSync(path.join(BUILD_MODULE, 'go.sum'), 'utf8'),
      logFile: path.join(downloadDir, 'k6-build.log'),
    },
    log,
  );
}
