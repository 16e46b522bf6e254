import { runDemo } from '../load/run-demo.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

const count = Number(process.argv[2] ?? 1_000);
const ok = await runDemo(loadStackSettings(), count);
process.exit(ok ? 0 : 1);
