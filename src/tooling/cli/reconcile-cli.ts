import { describeReconciliation, reconcileWithin } from '../reconciliation/reconcile.ts';
import { openServiceDatabases } from '../stack/local-databases.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';

const UNREADABLE = 2;
const COMMAND = {
  command: 'npm run reconcile --',
  summary:
    "Compares the calculator's calculations with the totals keeper's ledger and running total in the\n" +
    "local stack's databases.",
  options: {
    wait: {
      type: 'string',
      value: 'S',
      default: '0',
      description: 'give the totals keeper up to S seconds to catch up before judging',
    },
  },
  failure: 'they do not agree',
  exitCodes: { [UNREADABLE]: 'the databases could not be read' },
} satisfies CommandSpec;

const { values } = parseCommandLine(COMMAND);
const waitSeconds = Number(values.wait);
if (!/^\d+(\.\d+)?$/.test(values.wait) || !Number.isFinite(waitSeconds))
  usageError(COMMAND, `--wait takes a number of seconds, not ${JSON.stringify(values.wait)}`);

const databases = openServiceDatabases();
try {
  const result = await reconcileWithin(databases.calculator, databases.totals, waitSeconds * 1000);
  console.log(describeReconciliation(result));
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(`reconciliation could not read the databases: ${(error as Error).message}`);
  process.exitCode = UNREADABLE;
} finally {
  await databases.destroy();
}
