import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { ProcessSupervisor } from '../../src/tooling/stack/process-supervisor.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

const stackCli = fileURLToPath(new URL('../../src/tooling/cli/stack-cli.ts', import.meta.url));

/** The failover tests' stack keeps its data apart from the everyday stack's, which it must not disturb. */
export const FAILOVER_DATA_DIR = path.join(PROJECT_ROOT, '.data', 'failover-test');
export const failoverEnvironment = (): NodeJS.ProcessEnv => ({
  ...process.env,
  STACK_DATA_DIR: FAILOVER_DATA_DIR,
  STACK_POSTGRES_HA: 'on',
  STACK_FAULT_PROXIES: 'off',
  STACK_CALCULATORS: '1',
  STACK_TOTALS_KEEPERS: '1',
});

const stack = (command: 'up' | 'down') =>
  spawnSync(process.execPath, [stackCli, command], { stdio: 'inherit', env: failoverEnvironment() })
    .status === 0;

/**
 * A stack of its own, from an empty data folder, with a primary and a synchronous standby (`stack:up --ha`),
 * on the stack's usual ports: the everyday stack must be down, as it is after `npm test`.
 */
export default async function setup(): Promise<() => void> {
  if (ProcessSupervisor.isRunning(loadStackSettings()))
    throw new Error(
      'the local stack is running on the ports the failover tests need: stop it with npm run stack:down',
    );
  rmSync(FAILOVER_DATA_DIR, { recursive: true, force: true });
  console.log('[failover] starting a stack with a Postgres standby (npm run stack:up -- --ha)');
  if (!stack('up')) {
    stack('down');
    throw new Error(
      'the HA stack did not come up (see the lines above for the part that failed and its log)',
    );
  }
  return () => {
    stack('down');
  };
}
