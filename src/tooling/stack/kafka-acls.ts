import kafkajs, { type AclEntry, type Kafka } from 'kafkajs';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import { totalsConfigShape } from '../../services/totals/totals-config.ts';
import { KAFKA_USERS } from './kafka-principals.ts';

// kafkajs sets these enums on module.exports in a way Node's named CommonJS exports do not detect.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

type Operation = 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS';

/** One principal's allowed operations on one literally named topic or group. */
export interface PipelineAcl {
  user: string;
  resource: 'topic' | 'group';
  name: string;
  operations: readonly Operation[];
}

/** Kafka Connect's group and internal topics, as `connect-distributed.properties` names them. */
export const CONNECT_GROUP = 'outbox-pipeline-connect';
export const CONNECT_INTERNAL_TOPICS = ['connect-configs', 'connect-offsets', 'connect-status'] as const;
/** Debezium's heartbeat topic: `__debezium-heartbeat.` + the connector's `topic.prefix`. */
export const DEBEZIUM_HEARTBEAT_TOPIC = '__debezium-heartbeat.calculator';
export const TOTALS_GROUP: string = totalsConfigShape.TOTALS_CONSUMER_GROUP.parse(undefined);

/**
 * Exactly what each principal needs, nothing more. Connect writes the events and the heartbeats (creating
 * the heartbeat topic from its topic.creation settings) and keeps its own state in three compacted topics it
 * creates and checks (DESCRIBE_CONFIGS); its producer's idempotence needs no cluster grant since Kafka 3.0
 * (WRITE on a topic implies it). The totals keeper reads the events, lists their offsets (DESCRIBE) and
 * commits to its own group. The admin is a super user and needs no ACL.
 */
export const PIPELINE_ACLS: readonly PipelineAcl[] = [
  {
    user: KAFKA_USERS.connect,
    resource: 'topic',
    name: CALCULATION_EVENTS_TOPIC,
    operations: ['WRITE', 'DESCRIBE'],
  },
  {
    user: KAFKA_USERS.connect,
    resource: 'topic',
    name: DEBEZIUM_HEARTBEAT_TOPIC,
    operations: ['CREATE', 'WRITE', 'DESCRIBE'],
  },
  ...CONNECT_INTERNAL_TOPICS.map(
    (name): PipelineAcl => ({
      user: KAFKA_USERS.connect,
      resource: 'topic',
      name,
      operations: ['CREATE', 'READ', 'WRITE', 'DESCRIBE', 'DESCRIBE_CONFIGS'],
    }),
  ),
  { user: KAFKA_USERS.connect, resource: 'group', name: CONNECT_GROUP, operations: ['READ', 'DESCRIBE'] },
  {
    user: KAFKA_USERS.totals,
    resource: 'topic',
    name: CALCULATION_EVENTS_TOPIC,
    operations: ['READ', 'DESCRIBE'],
  },
  { user: KAFKA_USERS.totals, resource: 'group', name: TOTALS_GROUP, operations: ['READ', 'DESCRIBE'] },
];

/** The ACLs as kafkajs entries: one ALLOW per operation, from any host. */
export function aclEntries(acls: readonly PipelineAcl[] = PIPELINE_ACLS): AclEntry[] {
  return acls.flatMap((acl) =>
    acl.operations.map((operation) => ({
      resourceType: acl.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
      resourceName: acl.name,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: `User:${acl.user}`,
      host: '*',
      operation: AclOperationTypes[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

/** Creates the pipeline's ACLs as the admin; creating one that exists changes nothing. */
export async function ensureAcls(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createAcls({ acl: aclEntries() });
  } finally {
    await admin.disconnect();
  }
}
