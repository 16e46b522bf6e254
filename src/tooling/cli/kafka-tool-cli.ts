import { spawnSync } from 'node:child_process';
import { isKafkaTool, KAFKA_TOOLS, kafkaToolCommand } from '../stack/kafka-tools.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

// `npm run kafka -- <tool> [args…]`: one of Kafka's own tools against the local stack's broker.
const [tool, ...args] = process.argv.slice(2);
if (!tool || tool === '--help' || !isKafkaTool(tool)) {
  console.error(
    [
      "usage: npm run kafka -- <tool> [arguments of Kafka's own tool]",
      `tools (bin/kafka-<tool>.sh in a Kafka distribution): ${Object.keys(KAFKA_TOOLS).join(', ')}`,
      "--bootstrap-server defaults to the local stack's broker. Example:",
      '  npm run kafka -- consumer-groups --describe --group totals-keeper',
      ...(tool && tool !== '--help' ? [`unknown tool: ${tool}`] : []),
    ].join('\n'),
  );
  process.exit(tool === '--help' ? 0 : 2);
}
const { command, args: fullArgs } = kafkaToolCommand(loadStackSettings(), tool, args);
const run = spawnSync(command, fullArgs, { stdio: 'inherit' });
process.exit(run.status ?? 1);
