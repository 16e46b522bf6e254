import { parseDemoCount } from '../load/demo-count.ts';
import { runDemo } from '../load/run-demo.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';

const COMMAND = {
  command: 'npm run demo --',
  summary:
    "Sends <count> awkward additions to the running local stack's calculator, then reconciles the\n" +
    "calculator's calculations with the totals keeper's running total.",
  positionals: [{ name: 'count', description: 'how many additions, 1 to 1000000 (default: 1000)' }],
  failure: 'the calculations and the running total did not reconcile, or the stack could not be reached',
} satisfies CommandSpec;

const { positionals } = parseCommandLine(COMMAND);
const parsed = parseDemoCount(positionals[0]);
if ('error' in parsed) usageError(COMMAND, parsed.error);
const ok = await runDemo(loadStackSettings(), parsed.count);
process.exit(ok ? 0 : 1);
