import { stopStrayPostgres } from './embedded-postgres-cluster.ts';
import { postgresNodes } from './postgres-nodes.ts';
import { ProcessSupervisor } from './process-supervisor.ts';
import { parseInstanceName } from './service-instances.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * Reverse of the start order: Prometheus, then consumers and services, Postgres last; the Collector after
 * the services, so that it still receives what they flush while stopping.
 */
const STOP_ORDER = [
  'prometheus',
  'totals',
  'calculator',
  'connect',
  // After every client it stands in front of (a stack started with --fault-proxies).
  'toxiproxy',
  'kafka',
  'postgres-exporter',
  'otel-collector',
  // With HA, the standby's node may be either; stopping the primary first would leave the standby
  // retrying, which is harmless.
  'postgres',
  'postgres-2',
];

/** Stops every process of the stack, then the supervisor itself; leaves the data in place. */
export async function stackDown(settings: StackSettings, log: (line: string) => void): Promise<void> {
  if (!ProcessSupervisor.isRunning(settings)) {
    for (const node of postgresNodes(settings)) stopStrayPostgres(node.dataDir, log);
    log('nothing to stop');
    return;
  }
  const supervisor = await ProcessSupervisor.connect(settings);
  const running = (await supervisor.list()).map((item) => item.name);
  // Every instance of a service goes where the service's name stands, last instance first.
  const inStopOrder = (name: string) => [
    ...running
      .filter((item) => parseInstanceName(item)?.kind === name && item !== name)
      .sort()
      .reverse(),
    ...running.filter((item) => item === name),
  ];
  for (const name of STOP_ORDER.flatMap(inStopOrder)) {
    log(`${name}: stopping`);
    await supervisor.remove(name);
  }
  await supervisor.shutDown();
  for (const node of postgresNodes(settings)) stopStrayPostgres(node.dataDir, log);
  log('stack stopped');
}
