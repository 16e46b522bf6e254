import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { prettyFactory } from 'pino-pretty';
import { isStackLogPart, STACK_LOG_PARTS, stackLogFile } from '../stack/stack-logs.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';

const COMMAND = {
  command: 'npm run logs --',
  summary:
    "Follows one part's log of the local stack (as tail -F does): the services' JSON lines pretty-printed,\n" +
    'the others as they are. Without a part, lists the parts and where their logs are. Ctrl-C stops it.',
  positionals: [{ name: 'part', description: Object.keys(STACK_LOG_PARTS).join(', ') }],
  options: {
    lines: { type: 'string', value: 'N', default: '50', description: 'how many earlier lines to show first' },
    once: { type: 'boolean', description: 'show the last lines and exit instead of following' },
  },
  failure: 'the log could not be read',
} satisfies CommandSpec;

const { values, positionals } = parseCommandLine(COMMAND);
const settings = loadStackSettings();
const listing = () =>
  Object.entries(STACK_LOG_PARTS)
    .map(([part, { what }]) => {
      const file = stackLogFile(settings, part as keyof typeof STACK_LOG_PARTS);
      const size = existsSync(file) ? `${Math.ceil(statSync(file).size / 1024)} KiB` : 'not written yet';
      return `  ${part.padEnd(18)} ${file} (${size}): ${what}`;
    })
    .join('\n');
const [part] = positionals;
if (part === undefined) {
  console.log(`The local stack's logs, by part (npm run logs -- <part> follows one):\n${listing()}`);
  process.exit(0);
}
if (!isStackLogPart(part))
  usageError(COMMAND, `unknown part ${JSON.stringify(part)}; the parts:\n${listing()}`);
if (!/^\d+$/.test(values.lines))
  usageError(COMMAND, `--lines takes a whole number, not ${JSON.stringify(values.lines)}`);

const file = stackLogFile(settings, part);
if (!existsSync(file)) console.error(`[logs] ${file} is not written yet (is the stack up?); waiting for it`);
// tail -F follows the file by name, through pm2 recreating it when the stack restarts.
const tail = spawn('tail', ['-n', values.lines, ...(values.once ? [] : ['-F']), file], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const prettify = STACK_LOG_PARTS[part].json
  ? prettyFactory({
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,service',
    })
  : undefined;
tail.on('error', (error) => {
  console.error(`[logs] could not run tail: ${error.message}`);
  process.exitCode = 1;
});
const closed = once(tail, 'close');
process.stdout.on('error', () => tail.kill()); // the reader went away (npm run logs -- x | head)
for await (const line of createInterface({ input: tail.stdout })) {
  // A JSON line is pino's; anything else (a crash's stack trace, pm2's own notes) is shown as it is.
  process.stdout.write(prettify && line.startsWith('{') ? prettify(line) : `${line}\n`);
}
const [code] = await closed;
if (code) process.exitCode = 1;
