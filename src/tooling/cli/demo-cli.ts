import { DEMO_USAGE, parseDemoArguments } from '../load/demo-arguments.ts';
import { runDemo } from '../load/run-demo.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

const parsed = parseDemoArguments(process.argv.slice(2));
if ('help' in parsed) {
  console.log(DEMO_USAGE);
  process.exit(0);
}
if ('error' in parsed) {
  console.error(`[demo] ${parsed.error}\n${DEMO_USAGE}`);
  process.exit(2);
}
const ok = await runDemo(loadStackSettings(), parsed.count);
process.exit(ok ? 0 : 1);
