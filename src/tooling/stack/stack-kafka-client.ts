import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import {
  type KafkaClientSecurityConfig,
  kafkaClientSecurity,
} from '../../services/shared/kafka-client-security.ts';
import { KAFKA_USERS, type KafkaPrincipal, kafkaPassword } from './kafka-principals.ts';
import { stackTlsFiles } from './stack-certificates.ts';
import { loadOrCreateSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * The variables a Kafka client of this stack needs to log in as `principal`: SCRAM over TLS with the
 * stack's CA, or nothing when the stack runs with STACK_SECURITY=off.
 */
export function stackKafkaSecurityConfig(
  settings: StackSettings,
  principal: KafkaPrincipal = 'admin',
):
  | Required<Omit<KafkaClientSecurityConfig, 'KAFKA_SASL_PASSWORD_FILE' | 'KAFKA_SSL'>>
  | Record<string, never> {
  if (!settings.secured) return {};
  return {
    KAFKA_SSL_CA_FILE: stackTlsFiles(settings).caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: KAFKA_USERS[principal],
    KAFKA_SASL_PASSWORD: kafkaPassword(loadOrCreateSecrets(settings), principal),
  };
}

/**
 * A kafkajs client of the stack's broker, logged in as `principal` (the admin unless said otherwise).
 * Every tool and test reaches Kafka through this, so none has to know whether the stack is secured.
 */
export function stackKafka(
  settings: StackSettings,
  options: Omit<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> & { principal?: KafkaPrincipal },
): Kafka {
  const { principal, ...config } = options;
  return new Kafka({
    logLevel: logLevel.NOTHING,
    ...config,
    brokers: [settings.kafkaBootstrap],
    ...kafkaClientSecurity(stackKafkaSecurityConfig(settings, principal)),
  });
}
