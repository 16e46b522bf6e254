import { spawnSync } from 'node:child_process';
import { isKafkaTool, KAFKA_TOOLS, kafkaToolCommand } from '../stack/kafka-tools.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';

const COMMAND = {
  command: 'npm run kafka --',
  synopsis: ["<tool> [arguments of Kafka's own tool]"],
  summary:
    "Runs one of Kafka's own command-line tools against the local stack's broker (--bootstrap-server\n" +
    "defaults to it), logged in as the stack's Kafka admin over SASL_SSL unless STACK_SECURITY=off or\n" +
    "--command-config is given. `npm run kafka -- <tool> --help` prints that tool's own help.",
  positionals: [
    {
      name: 'tool',
      required: true,
      description: `bin/kafka-<tool>.sh of a Kafka distribution: ${Object.keys(KAFKA_TOOLS).join(', ')}`,
    },
  ],
  passThrough: true,
  notes: ['example: npm run kafka -- consumer-groups --describe --group totals-keeper'],
  failure: "the tool failed; any other code is the tool's own",
} satisfies CommandSpec;

const [tool, ...args] = parseCommandLine(COMMAND).positionals;
if (tool === undefined) usageError(COMMAND, 'which tool?');
if (!isKafkaTool(tool)) usageError(COMMAND, `unknown tool ${JSON.stringify(tool)}`);
const { command, args: fullArgs } = kafkaToolCommand(loadStackSettings(), tool, args);
const run = spawnSync(command, fullArgs, { stdio: 'inherit' });
if (run.error) console.error(`[kafka] could not run ${command} (is Java installed?): ${run.error.message}`);
process.exit(run.status ?? 1);
