import { ProcessSupervisor } from './process-supervisor.ts';
import { stackComponents } from './stack-components.ts';
import { loadOrCreateSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

export interface PartStatus {
  part: string;
  state: string;
  pid: string;
  restarts: string;
  uptime: string;
  healthy: string;
  log: string;
}

/** Each part's process state from the supervisor and the result of its own readiness probe. */
export async function stackStatus(settings: StackSettings): Promise<PartStatus[]> {
  if (!ProcessSupervisor.isRunning(settings)) return [];
  const secrets = loadOrCreateSecrets(settings);
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    const processes = await supervisor.list();
    const rows: PartStatus[] = [];
    for (const component of stackComponents(settings, secrets, () => {})) {
      if (!component.process || !component.ready) continue;
      const process = processes.find((item) => item.name === component.name);
      const healthy = await component.ready().then(
        () => 'yes',
        (error: Error) => `no (${error.message.slice(0, 60)})`,
      );
      rows.push({
        part: component.name,
        state: process?.status ?? 'not started',
        pid: process?.pid ? String(process.pid) : '-',
        restarts: String(process?.restarts ?? '-'),
        uptime: process?.uptimeMs ? `${Math.round(process.uptimeMs / 1000)} s` : '-',
        healthy,
        log: supervisor.logFile(component.name),
      });
    }
    return rows;
  } finally {
    supervisor.disconnect();
  }
}
