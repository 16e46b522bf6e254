import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { buildPinnedGoBinary } from './pinned-go-build.ts';

const BUILD_MODULE = path.join(PROJECT_ROOT, 'stack', 'toxiproxy-build');

/**
 * Builds Toxiproxy's server at the version `stack/toxiproxy-build/go.mod` pins, from the Go module proxy,
 * into `<downloadDir>/bin/toxiproxy-server`, unless that exact build is there.
 */
export function ensureToxiproxy(downloadDir: string, log: (line: string) => void): Promise<string> {
  return buildPinnedGoBinary(
    {
      what: 'toxiproxy',
      doing: 'building from the Go module proxy (under a minute the first time; cached by Go)',
      moduleDir: BUILD_MODULE,
      target: 'github.com/Shopify/toxiproxy/v2/cmd/server',
      binary: path.join(downloadDir, 'bin', 'toxiproxy-server'),
      inputs: readFileSync(path.join(BUILD_MODULE, 'go.sum'), 'utf8'),
      logFile: path.join(downloadDir, 'toxiproxy-build.log'),
    },
    log,
  );
}
