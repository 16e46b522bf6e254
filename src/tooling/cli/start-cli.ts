import path from 'node:path';
import { runDemo } from '../load/run-demo.ts';
import { describeStackSecurity } from '../stack/security-components.ts';
import { describeInstances } from '../stack/service-instances.ts';
import { stackDown } from '../stack/stack-down.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { ComponentFailure, stackUp } from '../stack/stack-up.ts';
import { parseCommandLine } from './command-line.ts';
import { stopOnInterrupt } from './stop-on-interrupt.ts';

parseCommandLine({
  command: 'npm start',
  summary:
    'Starts the whole local stack (as npm run stack:up), sends a demo of 1000 additions and reconciles them,\n' +
    'then stays up until Ctrl-C, which stops every process it started (as npm run stack:down). What it\n' +
    "prints is also written to start.log in the stack's log folder.",
  notes: ['Every setting can be changed in .env (see .env.example).'],
  failure: 'a part failed to start (the error names it and its log); everything started is stopped again',
});
const settings = loadStackSettings();
const { log, logFailure, stopAndExit } = stopOnInterrupt({
  prefix: '[stack]',
  logFile: path.join(settings.logDir, 'start.log'),
  stop: (stopLog) => stackDown(settings, stopLog),
});

try {
  await stackUp(settings, log);
} catch (error) {
  logFailure(
    error instanceof ComponentFailure ? `FAILED at ${error.message}` : `FAILED: ${(error as Error).stack}`,
  );
  await stopAndExit(1);
}
const ok = await runDemo(settings).catch((error) => {
  console.error('[demo] FAILED:', error);
  return false;
});
log(
  `the pipeline is up: ${describeInstances(settings, 'calculator')}, ${describeInstances(settings, 'totals')}, ` +
    `Kafka ${settings.kafkaBootstrap}, Kafka Connect ${settings.connectUrl}; logs in ${settings.logDir}`,
);
log(describeStackSecurity(settings));
console.log(`\n${ok ? '' : 'The demo did not reconcile (see above). '}Press Ctrl-C to stop everything.`);
// Stay up until Ctrl-C.
setInterval(() => {}, 1 << 30);
