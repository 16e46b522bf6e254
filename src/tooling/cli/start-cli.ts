import { runDemo } from '../load/run-demo.ts';
import { stackDown } from '../stack/stack-down.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { ComponentFailure, stackUp } from '../stack/stack-up.ts';

const settings = loadStackSettings();
const log = (line: string) => console.log(`[stack] ${line}`);
let stopping = false;

async function stopAndExit(code: number): Promise<void> {
  // npm passes Ctrl-C on and may follow it with SIGTERM: a stop already under way is left to finish.
  if (stopping) {
    log('still stopping; the stack is shutting down in order');
    return;
  }
  stopping = true;
  log('stopping every process the stack started');
  await stackDown(settings, log).catch((error) => console.error('[stack] stop failed:', error));
  process.exit(code);
}
process.on('SIGINT', () => void stopAndExit(0));
process.on('SIGTERM', () => void stopAndExit(0));

try {
  await stackUp(settings, log);
} catch (error) {
  console.error(error instanceof ComponentFailure ? `[stack] FAILED at ${error.message}` : error);
  await stopAndExit(1);
}
const ok = await runDemo(settings).catch((error) => {
  console.error('[demo] FAILED:', error);
  return false;
});
console.log(
  `\nThe pipeline is up: calculator ${settings.calculatorAddress}, totals ${settings.totalsAddress}, ` +
    `Kafka ${settings.kafkaBootstrap}, Kafka Connect ${settings.connectUrl}; logs in ${settings.logDir}.` +
    `\n${ok ? '' : 'The demo did not reconcile (see above). '}Press Ctrl-C to stop everything.`,
);
// Stay up until Ctrl-C.
setInterval(() => {}, 1 << 30);
