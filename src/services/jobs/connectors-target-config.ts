import path from 'node:path';
import { z } from 'zod';
import { loadConfig, positiveInteger } from '../shared/load-config.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';

/**
 * Where the apply-connectors job sends the connector configs (KAFKA_CONNECT_URL, required in the image)
 * and from which folder. `npm run connectors:apply` passes the local stack's Kafka Connect as the
 * fallback when KAFKA_CONNECT_URL is not set.
 */
export function loadConnectorsTargetConfig(
  environment: NodeJS.ProcessEnv = process.env,
  fallbackConnectUrl?: () => string,
) {
  const connectUrl = z.url({
    protocol: /^https?$/,
    error: (issue) =>
      issue.input === undefined ? 'is required (the Kafka Connect REST URL)' : 'must be an http(s):// URL',
  });
  const config = loadConfig(
    {
      KAFKA_CONNECT_URL: fallbackConnectUrl ? connectUrl.optional() : connectUrl,
      CONNECTORS_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'connectors')),
      CONNECTORS_RUNNING_TIMEOUT_SECONDS: positiveInteger(90),
    },
    environment,
  );
  const url = config.KAFKA_CONNECT_URL ?? fallbackConnectUrl?.() ?? '';
  return Object.freeze({
    connectUrl: url.replace(/\/+$/, ''),
    folder: path.resolve(config.CONNECTORS_DIR),
    timeoutMs: config.CONNECTORS_RUNNING_TIMEOUT_SECONDS * 1000,
  });
}

export type ConnectorsTarget = ReturnType<typeof loadConnectorsTargetConfig>;
