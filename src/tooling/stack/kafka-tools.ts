import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { libDir } from './fetch-jars.ts';
import { writeKafkaAdminClientProperties } from './kafka-admin-client-properties.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * Kafka's own command-line tools, by the name of the `bin/kafka-<name>.sh` script that runs them in a
 * Kafka distribution. The stack has the jars from Maven Central, not the distribution's scripts.
 */
export const KAFKA_TOOLS = {
  'consumer-groups': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'delete-records': 'org.apache.kafka.tools.DeleteRecordsCommand',
  topics: 'org.apache.kafka.tools.TopicCommand',
  'get-offsets': 'org.apache.kafka.tools.GetOffsetShell',
  'console-producer': 'org.apache.kafka.tools.ConsoleProducer',
  'console-consumer': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  acls: 'org.apache.kafka.tools.AclCommand',
  configs: 'kafka.admin.ConfigCommand',
} as const;

export type KafkaTool = keyof typeof KAFKA_TOOLS;

export const isKafkaTool = (name: string): name is KafkaTool => Object.hasOwn(KAFKA_TOOLS, name);

/**
 * The java command line of a tool, pointed at the stack's broker unless `args` names one, and logged in as
 * the stack's admin (SASL_SSL) unless the stack is plaintext or `args` gives its own `--command-config`.
 */
export function kafkaToolCommand(settings: StackSettings, tool: KafkaTool, args: readonly string[]) {
  const bootstrap = args.some((arg) => arg.startsWith('--bootstrap-'))
    ? []
    : ['--bootstrap-server', settings.kafkaBootstrap];
  const login =
    settings.secured && !args.includes('--command-config') && !args.includes('--help')
      ? ['--command-config', writeKafkaAdminClientProperties(settings)]
      : [];
  return {
    command: 'java',
    args: [
      '-Xmx256m',
      `-Dlog4j2.configurationFile=${path.join(PROJECT_ROOT, 'stack', 'kafka-tools-log4j2.properties')}`,
      '-cp',
      `${libDir(settings)}/*`,
      KAFKA_TOOLS[tool],
      ...bootstrap,
      ...login,
      ...args,
    ],
  };
}

/** Runs a tool to the end and returns what it printed; throws with its output when it fails. */
export function runKafkaTool(settings: StackSettings, tool: KafkaTool, args: readonly string[]): string {
  const { command, args: fullArgs } = kafkaToolCommand(settings, tool, args);
  const run = spawnSync(command, fullArgs, { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0)
    throw new Error(
      `kafka-${tool} ${args.join(' ')} failed (exit ${run.status ?? run.signal}): ${run.stderr || run.stdout}`,
    );
  return run.stdout;
}
