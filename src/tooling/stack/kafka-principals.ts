import type { StackSecrets } from './stack-secrets.ts';

/**
 * The SCRAM users of the stack's broker: the admin (a super user: topics, ACLs, Kafka's tools and the
 * tests), Kafka Connect, and the totals keeper, each limited by the ACLs in `kafka-acls.ts`.
 */
export const KAFKA_USERS = { admin: 'admin', connect: 'connect', totals: 'totals' } as const;

export type KafkaPrincipal = keyof typeof KAFKA_USERS;

export const SCRAM_MECHANISM = 'SCRAM-SHA-512';

export function kafkaPassword(secrets: StackSecrets, principal: KafkaPrincipal): string {
  switch (principal) {
    case 'admin':
      return secrets.kafkaAdminPassword;
    case 'connect':
      return secrets.kafkaConnectPassword;
    case 'totals':
      return secrets.kafkaTotalsPassword;
  }
}
