import { ProcessSupervisor } from './process-supervisor.ts';
import { waitUntil } from './readiness-probes.ts';
import { stackComponents } from './stack-components.ts';
import { loadOrCreateSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/** Starting, stopping and killing single parts of a running stack, for tests and fault injection. */

async function withSupervisor<T>(
  settings: StackSettings,
  work: (supervisor: ProcessSupervisor) => Promise<T>,
) {
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    return await work(supervisor);
  } finally {
    supervisor.disconnect();
  }
}

function readinessProbe(settings: StackSettings, name: string) {
  const component = stackComponents(settings, loadOrCreateSecrets(settings), () => {}).find(
    (candidate) => candidate.name === name,
  );
  if (!component?.ready) throw new Error(`no readiness probe for ${name}`);
  return component.ready;
}

export async function partPid(settings: StackSettings, name: string): Promise<number> {
  const pid = await withSupervisor(settings, async (supervisor) => (await supervisor.find(name))?.pid);
  if (!pid) throw new Error(`${name} is not running`);
  return pid;
}

/** Sends a signal to a part's process the way a crash (SIGKILL) or an orchestrator (SIGTERM) would. */
export async function signalPart(
  settings: StackSettings,
  name: string,
  signal: NodeJS.Signals,
): Promise<number> {
  const pid = await partPid(settings, name);
  process.kill(pid, signal);
  return pid;
}

/** Waits until the supervisor has started the part again under a new pid and its readiness probe passes. */
export async function waitUntilBack(
  settings: StackSettings,
  name: string,
  oldPid: number,
  timeoutMs = 180_000,
): Promise<void> {
  await withSupervisor(settings, (supervisor) =>
    waitUntil(async () => {
      const current = await supervisor.find(name);
      if (!current?.pid || current.pid === oldPid || current.status !== 'online')
        throw new Error(`${name} not restarted`);
    }, timeoutMs),
  );
  await waitUntil(readinessProbe(settings, name), timeoutMs);
}

/** Stops a part cleanly; it stays stopped until `startAgain`. */
export async function stopPart(settings: StackSettings, name: string): Promise<void> {
  await withSupervisor(settings, (supervisor) => supervisor.stop(name));
}

export async function startAgain(settings: StackSettings, name: string, timeoutMs = 120_000): Promise<void> {
  await withSupervisor(settings, (supervisor) => supervisor.restart(name));
  await waitUntil(readinessProbe(settings, name), timeoutMs);
}
