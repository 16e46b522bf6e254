import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const stackCli = fileURLToPath(new URL('../../src/tooling/cli/stack-cli.ts', import.meta.url));

function stack(command: string, quiet = false) {
  return spawnSync(process.execPath, [stackCli, command], {
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
}

/**
 * The integration tests run against the real local stack. If it is already up it is used and left
 * running; otherwise it is started here and stopped afterwards. A stack that can't start fails the run.
 */
export default function setup(): () => void {
  if (stack('status', true).status === 0) {
    console.log('[integration] using the local stack that is already running');
    return () => {};
  }
  console.log('[integration] starting the local stack (npm run stack:up)');
  const up = stack('up');
  if (up.status !== 0) {
    stack('down');
    throw new Error(
      'the local stack did not come up (see the lines above for the part that failed and its log)',
    );
  }
  return () => {
    stack('down');
  };
}
