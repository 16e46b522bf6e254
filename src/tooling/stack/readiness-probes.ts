import type { Kafka } from 'kafkajs';
import pg from 'pg';
import { KafkaConnectClient } from '../../services/jobs/kafka-connect-client.ts';

export type Probe = () => Promise<void>;

/** The server takes a connection and answers; `check` may ask more of it than `select 1`. */
export const postgresAccepts =
  (
    url: string,
    check: (client: pg.Client) => Promise<void> = async (client) => void (await client.query('select 1')),
  ): Probe =>
  async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await check(client);
    } finally {
      await client.end().catch(() => {});
    }
  };

/** `kafka` is made with `connectionTimeout` and no retries, so each attempt is short. */
export const kafkaAnswers =
  (kafka: Kafka): Probe =>
  async () => {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.controller === null || cluster.controller < 0) throw new Error('no active controller yet');
    } finally {
      await admin.disconnect().catch(() => {});
    }
  };

export const connectHasPlugin =
  (connectUrl: string, pluginClassSuffix: string): Probe =>
  async () => {
    const plugins = await new KafkaConnectClient(connectUrl).pluginClasses();
    if (!plugins.some((plugin) => plugin.endsWith(pluginClassSuffix))) {
      throw new Error(`plugin ${pluginClassSuffix} not loaded (plugins: ${plugins.join(', ')})`);
    }
  };

/** An HTTP endpoint that answers 2xx and, when `expected` is given, whose body matches it. */
export const httpAnswers =
  (url: string, expected?: RegExp): Probe =>
  async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    if (expected && !expected.test(await response.text())) {
      throw new Error(`GET ${url} answered without ${expected.source}`);
    }
  };

/** Polls `probe` until it passes; on timeout, throws with the last reason it gave. */
export async function waitUntil(probe: Probe, timeoutMs: number, intervalMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  throw new Error(
    `not ready after ${Math.round(timeoutMs / 1000)} s: ${(lastError as Error)?.message ?? lastError}`,
  );
}
