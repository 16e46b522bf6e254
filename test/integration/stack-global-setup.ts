import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stackHasFaultProxies } from '../../src/tooling/stack/fault-proxies.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

const stackCli = fileURLToPath(new URL('../../src/tooling/cli/stack-cli.ts', import.meta.url));

function stack(command: string, quiet = false) {
  return spawnSync(process.execPath, [stackCli, command], {
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
    // The network faults of the chaos test need a proxy on every hop; the tests expect one of each
    // service (scale-out.test.ts scales up and back itself), whatever the stack was last started with.
    // Without a Postgres standby: the tests kill Postgres and expect it back in place (failover has tests of its own).
    env: {
      ...process.env,
      STACK_FAULT_PROXIES: 'on',
      STACK_CALCULATORS: '1',
      STACK_TOTALS_KEEPERS: '1',
      STACK_POSTGRES_HA: 'off',
    },
  });
}

/**
 * The integration tests run against the real local stack, with a Toxiproxy on every network hop. If it
 * is already up (with its proxies) it is used and left running; otherwise it is started here and stopped
 * afterwards. A stack that can't start fails the run.
 */
export default async function setup(): Promise<() => void> {
  if (stack('status', true).status === 0) {
    if (!(await stackHasFaultProxies(loadStackSettings())))
      throw new Error(
        'the running local stack has no fault proxies, which the network-fault tests need: stop it ' +
          '(npm run stack:down) and let the tests start their own, or start it with npm run stack:up -- --fault-proxies',
      );
    const running = loadStackSettings();
    if (running.postgresHa)
      throw new Error(
        'the running local stack runs Postgres with a standby (--ha), where a killed Postgres is failed over from ' +
          'rather than restarted; the tests expect one Postgres: stop it (npm run stack:down) and let them start their own',
      );
    if (running.calculators !== 1 || running.totalsKeepers !== 1)
      throw new Error(
        `the running local stack has ${running.calculators} calculators and ${running.totalsKeepers} totals keepers; ` +
          'the tests expect one of each: npm run stack:up -- --fault-proxies --calculators 1 --totals 1',
      );
    console.log('[integration] using the local stack that is already running');
    return () => {};
  }
  console.log(
    '[integration] starting the local stack with its fault proxies (npm run stack:up -- --fault-proxies)',
  );
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
