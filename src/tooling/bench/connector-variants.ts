import path from 'node:path';
import { applyConnectorConfig, readConnectorConfig } from '../../services/jobs/apply-connectors.ts';
import { KafkaConnectClient } from '../../services/jobs/kafka-connect-client.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { pendingRestorations } from './pending-restorations.ts';

export const CONNECTOR = 'calculator-outbox';

export interface ConnectorVariant {
  name: string;
  /** Tuned settings left out of the config, so Debezium's defaults apply. */
  defaulted: string[];
  /** Tuned settings given another value. */
  changed?: Record<string, string>;
}

/**
 * Debezium's task waits up to `poll.interval.ms` for a full batch before handing records to Kafka, and
 * wakes that often when idle: shorter means lower latency and more CPU. These values find the knee.
 */
const POLL_INTERVALS_TRIED = ['10', '25', '100', '250'];

// Debezium's defaults for what the project tunes: poll every 500 ms, batches of 2,048, a queue of 8,192.
export const CONNECTOR_VARIANTS: ConnectorVariant[] = [
  { name: 'tuned', defaulted: [] },
  ...POLL_INTERVALS_TRIED.map((interval) => ({
    name: `poll.interval.ms ${interval}`,
    defaulted: [],
    changed: { 'poll.interval.ms': interval },
  })),
  { name: 'poll.interval.ms back to 500', defaulted: ['poll.interval.ms'] },
  {
    name: 'max.batch.size and max.queue.size back to 2,048 and 8,192',
    defaulted: ['max.batch.size', 'max.queue.size'],
  },
  {
    name: 'all three at defaults',
    defaulted: ['poll.interval.ms', 'max.batch.size', 'max.queue.size'],
  },
];

export function tunedConnectorConfig(): Promise<Record<string, string>> {
  return readConnectorConfig(path.join(PROJECT_ROOT, 'connectors'), CONNECTOR);
}

export function variantConfig(
  tuned: Record<string, string>,
  variant: ConnectorVariant,
): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(tuned).filter(([key]) => !variant.defaulted.includes(key))),
    ...variant.changed,
  };
}

/**
 * Runs `work` once per variant with the connector set that way, and always puts the tuned config back
 * afterwards: when the work fails, and (through the pending restorations) when the run is interrupted.
 */
export async function forEachConnectorVariant<T>(
  connectUrl: string,
  log: (line: string) => void,
  work: (variant: ConnectorVariant) => Promise<T>,
): Promise<{ variant: ConnectorVariant; result: T }[]> {
  const tuned = await tunedConnectorConfig();
  const restoration = pendingRestorations.add('put the tuned connector config back', () =>
    applyConnectorConfig(connectUrl, CONNECTOR, tuned, log),
  );
  const results: { variant: ConnectorVariant; result: T }[] = [];
  try {
    for (const variant of CONNECTOR_VARIANTS) {
      log(`connector: ${variant.name}`);
      await applyConnectorConfig(connectUrl, CONNECTOR, variantConfig(tuned, variant), log);
      results.push({ variant, result: await work(variant) });
    }
    return results;
  } finally {
    await restoration.restoreNow();
  }
}

/**
 * A run killed outright (SIGKILL, a lost terminal) cannot restore anything: the next run finds the
 * connector's live config differing from `connectors/` and puts the tuned one back before measuring.
 */
export async function restoreTunedConnectorIfChanged(
  connectUrl: string,
  log: (line: string) => void,
): Promise<void> {
  const tuned = await tunedConnectorConfig();
  const live = await new KafkaConnectClient(connectUrl).config(CONNECTOR);
  const differing = Object.keys({ ...tuned, ...live }).filter(
    (key) => key !== 'name' && tuned[key] !== live[key],
  );
  if (differing.length === 0) return;
  log(
    `connector: live config differs from connectors/ (${differing.join(', ')}); putting the tuned one back`,
  );
  await applyConnectorConfig(connectUrl, CONNECTOR, tuned, log);
}
