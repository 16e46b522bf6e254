import path from 'node:path';
import { z } from 'zod';
import { loadConfig, positiveInteger } from '../shared/load-config.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';

/** The apply-connectors job's variables; each description is what `npm run config:generate` prints for it. */
export const connectorsTargetConfigShape = {
  KAFKA_CONNECT_URL: z
    .url({
      protocol: /^https?$/,
      error: (issue) =>
        issue.input === undefined ? 'is required (the Kafka Connect REST URL)' : 'must be an http(s):// URL',
    })
    .describe(
      "Kafka Connect's REST URL, where the connector configs go (required in the image; " +
        "`npm run connectors:apply` uses the local stack's when unset).",
    ),
  CONNECTORS_DIR: z
    .string()
    .min(1)
    .default(path.join(PROJECT_ROOT, 'connectors'))
    .describe('Folder of the connector configs to apply, one JSON file per connector.'),
  CONNECTORS_RUNNING_TIMEOUT_SECONDS: positiveInteger(90).describe(
    'How long each connector and its tasks may take to report RUNNING before the job fails.',
  ),
};

/**
 * Where the apply-connectors job sends the connector configs (KAFKA_CONNECT_URL, required in the image)
 * and from which folder. `npm run connectors:apply` passes the local stack's Kafka Connect as the
 * fallback when KAFKA_CONNECT_URL is not set.
 */
export function loadConnectorsTargetConfig(
  environment: NodeJS.ProcessEnv = process.env,
  fallbackConnectUrl?: () => string,
) {
  const connectUrl = connectorsTargetConfigShape.KAFKA_CONNECT_URL;
  const config = loadConfig(
    {
      ...connectorsTargetConfigShape,
      KAFKA_CONNECT_URL: fallbackConnectUrl ? connectUrl.optional() : connectUrl,
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
