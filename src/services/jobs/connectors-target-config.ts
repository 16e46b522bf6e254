import path from 'node:path';
import { z } from 'zod';
import { loadStackSettings } from '../../tooling/stack/stack-settings.ts';
import { loadConfig, positiveInteger } from '../shared/load-config.ts';
import { PROJECT_ROOT } from '../shared/project-root.ts';

/**
 * Where `npm run connectors:apply` sends the connector configs: the local stack's Kafka Connect unless
 * KAFKA_CONNECT_URL names another (a deployment's hook job), and from which folder.
 */
export function loadConnectorsTargetConfig(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      KAFKA_CONNECT_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
      CONNECTORS_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'connectors')),
      CONNECTORS_RUNNING_TIMEOUT_SECONDS: positiveInteger(90),
    },
    environment,
  );
  return Object.freeze({
    connectUrl: (config.KAFKA_CONNECT_URL ?? loadStackSettings(environment).connectUrl).replace(/\/+$/, ''),
    folder: path.resolve(config.CONNECTORS_DIR),
    timeoutMs: config.CONNECTORS_RUNNING_TIMEOUT_SECONDS * 1000,
  });
}
