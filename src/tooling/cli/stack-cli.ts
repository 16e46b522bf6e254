import { rmSync } from 'node:fs';
import { renderedPagesNote } from '../dashboards/render-dashboards.ts';
import { lagFigures } from '../observability/lag-figures.ts';
import { describeStackSecurity } from '../stack/security-components.ts';
import { describeInstances } from '../stack/service-instances.ts';
import { stackDown } from '../stack/stack-down.ts';
import { loadStackSettings, type StackSettings } from '../stack/stack-settings.ts';
import { stackStatus } from '../stack/stack-status.ts';
import { ComponentFailure, stackUp } from '../stack/stack-up.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';

const COMMAND = {
  command: 'npm run',
  synopsis: ['stack:up | stack:down | stack:status | stack:wipe'],
  summary: [
    'The local stack, supervised by pm2: Postgres, Kafka, Kafka Connect, the Collector, Prometheus, the Postgres',
    'exporter and both services, on loopback ports, with its data and logs in STACK_DATA_DIR (default .data).',
    '  stack:up      starts every part in order, each once the one before it is ready (fetching the jars and',
    '                building the Collector the first time)',
    '  stack:down    stops every part; the data stays',
    '  stack:status  each part, whether it is healthy, and the pipeline lag from Prometheus',
    '  stack:wipe    stops every part and deletes STACK_DATA_DIR',
  ].join('\n'),
  positionals: [{ name: 'command', required: true, description: 'up, down, status or wipe' }],
  options: {
    'fault-proxies': {
      type: 'boolean',
      description: 'up: put a Toxiproxy on every network hop, for `npm run chaos` (STACK_FAULT_PROXIES=on)',
    },
    ha: {
      type: 'boolean',
      description:
        'up: run Postgres as a primary and a synchronous standby with a failover slot, for `npm run chaos -- --failover` (STACK_POSTGRES_HA=on)',
    },
    calculators: {
      type: 'string',
      value: 'N',
      description: 'up: run N calculators (1-8), clients spread over them round-robin (STACK_CALCULATORS)',
    },
    totals: {
      type: 'string',
      value: 'N',
      description:
        'up: run N totals keepers in one consumer group, at most one per partition (STACK_TOTALS_KEEPERS)',
    },
  },
  notes: [
    'Every port moves with the variable of the same name (POSTGRES_PORT, KAFKA_PORT, …): see .env.example.',
    'The stack remembers --calculators, --totals and --ha: a later stack:up without them keeps the same.',
  ],
  failure: 'a part failed to start or stop (the error names it and its log), or status found one unhealthy',
} satisfies CommandSpec;
const STACK_COMMANDS = ['up', 'down', 'status', 'wipe'];
const { positionals, values } = parseCommandLine(COMMAND);
const [command = ''] = positionals;
if (!STACK_COMMANDS.includes(command)) usageError(COMMAND, `unknown command ${JSON.stringify(command)}`);

const log = (line: string) => console.log(`[stack] ${line}`);
// A client library that throws from a socket callback (kafkajs does, when a port answers in another
// protocol) must still end in a failure line, not a bare stack trace.
process.on('uncaughtException', (error) => {
  console.error(`[stack] FAILED: unexpected error: ${error.message}`);
  process.exit(1);
});
if (values['fault-proxies']) process.env.STACK_FAULT_PROXIES = 'on';
if (values.ha) process.env.STACK_POSTGRES_HA = 'on';
if (values.calculators !== undefined) process.env.STACK_CALCULATORS = values.calculators;
if (values.totals !== undefined) process.env.STACK_TOTALS_KEEPERS = values.totals;
let settings: StackSettings;
try {
  settings = loadStackSettings();
} catch (error) {
  usageError(COMMAND, (error as Error).message);
}

try {
  switch (command) {
    case 'up':
      await stackUp(settings, log);
      log(
        `up: ${describeInstances(settings, 'calculator')}, ${describeInstances(settings, 'totals')}, logs in ${settings.logDir}`,
      );
      log(describeStackSecurity(settings));
      break;
    case 'down':
      await stackDown(settings, log);
      break;
    case 'status': {
      const rows = await stackStatus(settings);
      if (rows.length === 0) log('the stack is not running');
      else {
        console.table(rows);
        log(`lag, from Prometheus at ${settings.prometheusUrl}:`);
        for (const { figure, value } of await lagFigures(settings.prometheusUrl))
          console.log(`  ${figure.padEnd(30)} ${value}`);
        log(renderedPagesNote(settings.dataDir));
      }
      process.exitCode = rows.length > 0 && rows.every((row) => row.healthy === 'yes') ? 0 : 1;
      break;
    }
    case 'wipe':
      await stackDown(settings, log);
      rmSync(settings.dataDir, { recursive: true, force: true });
      log(`wiped ${settings.dataDir}`);
      break;
  }
} catch (error) {
  if (error instanceof ComponentFailure) console.error(`[stack] FAILED at ${error.message}`);
  else console.error('[stack] FAILED:', error);
  process.exitCode = 1;
}
// pm2's client keeps sockets open; the work is done.
process.exit(process.exitCode ?? 0);
