import { rmSync } from 'node:fs';
import { renderedPagesNote } from '../dashboards/render-dashboards.ts';
import { lagFigures } from '../observability/lag-figures.ts';
import { stackDown } from '../stack/stack-down.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { stackStatus } from '../stack/stack-status.ts';
import { ComponentFailure, stackUp } from '../stack/stack-up.ts';

const log = (line: string) => console.log(`[stack] ${line}`);
// A client library that throws from a socket callback (kafkajs does, when a port answers in another
// protocol) must still end in a failure line, not a bare stack trace.
process.on('uncaughtException', (error) => {
  console.error(`[stack] FAILED: unexpected error: ${error.message}`);
  process.exit(1);
});
const settings = loadStackSettings();
const command = process.argv[2];

try {
  switch (command) {
    case 'up':
      await stackUp(settings, log);
      log(
        `up: calculator ${settings.calculatorAddress}, totals ${settings.totalsAddress}, logs in ${settings.logDir}`,
      );
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
    default:
      console.error('usage: stack-cli.ts up | down | status | wipe');
      process.exitCode = 2;
  }
} catch (error) {
  if (error instanceof ComponentFailure) console.error(`[stack] FAILED at ${error.message}`);
  else console.error('[stack] FAILED:', error);
  process.exitCode = 1;
}
// pm2's client keeps sockets open; the work is done.
process.exit(process.exitCode ?? 0);
