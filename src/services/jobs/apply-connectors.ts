import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConnectorsTargetConfig } from './connectors-target-config.ts';
import { type ConnectorStatus, isRunning, KafkaConnectClient } from './kafka-connect-client.ts';

/**
 * PUTs every `connectors/<name>.json` to Kafka Connect and waits until each connector and all its tasks
 * are RUNNING; when one fails, the error names it and carries Connect's own stack trace.
 */
export async function applyConnectors(
  connectUrl: string,
  folder: string,
  log: (line: string) => void,
  timeoutMs = 90_000,
): Promise<void> {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no connector configs in ${folder}`);
  for (const file of files) {
    const name = path.basename(file, '.json');
    await applyConnectorConfig(connectUrl, name, await readConnectorConfig(folder, name), log, timeoutMs);
  }
}

export async function readConnectorConfig(folder: string, name: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(path.join(folder, `${name}.json`), 'utf8')) as Record<string, string>;
}

/** PUTs one connector's config and waits until it and all its tasks are RUNNING. */
export async function applyConnectorConfig(
  connectUrl: string,
  name: string,
  config: Record<string, string>,
  log: (line: string) => void,
  timeoutMs = 90_000,
): Promise<void> {
  const client = new KafkaConnectClient(connectUrl);
  await client.putConfig(name, config);
  log(`connector ${name}: config applied, waiting for RUNNING`);
  const status = await waitForRunning(client, name, timeoutMs);
  log(`connector ${name}: RUNNING with ${status.tasks.length} task(s)`);
}

async function waitForRunning(
  client: KafkaConnectClient,
  name: string,
  timeoutMs: number,
): Promise<ConnectorStatus> {
  const deadline = Date.now() + timeoutMs;
  let status: ConnectorStatus | undefined;
  let restartedOnce = false;
  while (Date.now() < deadline) {
    status = await client.status(name);
    if (isRunning(status)) return status as ConnectorStatus;
    const failedTask = status?.tasks.find((task) => task.state === 'FAILED');
    const failed = status?.connector.state === 'FAILED' ? status.connector : failedTask;
    if (failed) {
      // A task that failed before the config changed is restarted once with the new config.
      if (!restartedOnce) {
        restartedOnce = true;
        await client.restartFailed(name);
      } else {
        throw new Error(`connector ${name} FAILED. Kafka Connect says:\n${failed.trace ?? '(no trace)'}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(
    `connector ${name} not RUNNING after ${timeoutMs / 1000} s; last status: ${JSON.stringify(status)}`,
  );
}

/**
 * The apply-connectors job: every connector in the target's folder applied and running, or a failure
 * line and exit code 1. `fallbackConnectUrl` is where Kafka Connect is when KAFKA_CONNECT_URL is unset
 * (the local stack's, for `npm run connectors:apply`; the image has none).
 */
export async function runApplyConnectorsJob(fallbackConnectUrl?: () => string): Promise<void> {
  try {
    const target = loadConnectorsTargetConfig(process.env, fallbackConnectUrl);
    await applyConnectors(
      target.connectUrl,
      target.folder,
      (line) => console.log(`[connectors] ${line}`),
      target.timeoutMs,
    );
  } catch (error) {
    console.error(`[connectors] FAILED: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
