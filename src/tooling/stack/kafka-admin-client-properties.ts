import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KAFKA_USERS, SCRAM_MECHANISM } from './kafka-principals.ts';
import { stackTlsFiles } from './stack-certificates.ts';
import { loadOrCreateSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * A Java client properties file that logs in to the stack's broker as its admin, for Kafka's own tools
 * (`--command-config`). Written owner-only into the data folder, as it holds the admin's password.
 */
export function writeKafkaAdminClientProperties(settings: StackSettings): string {
  const file = path.join(settings.renderedConfigDir, 'kafka-admin-client.properties');
  const password = loadOrCreateSecrets(settings).kafkaAdminPassword;
  mkdirSync(settings.renderedConfigDir, { recursive: true });
  writeFileSync(
    file,
    [
      'security.protocol=SASL_SSL',
      `sasl.mechanism=${SCRAM_MECHANISM}`,
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${KAFKA_USERS.admin}" password="${password}";`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${stackTlsFiles(settings).caFile}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  return file;
}
