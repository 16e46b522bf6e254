import { describeReconciliation, reconcileWithin } from '../reconciliation/reconcile.ts';
import { openServiceDatabases } from '../stack/local-databases.ts';

// `npm run reconcile -- --wait 30` gives the totals keeper that many seconds to catch up before judging.
if (process.argv.includes('--help')) {
  console.log(
    'usage: npm run reconcile [-- --wait <seconds>]\n' +
      "  compares the calculator's calculations with the totals keeper's ledger and running total;\n" +
      '  exits 0 when they agree, 1 when they do not, 2 when the databases cannot be read',
  );
  process.exit(0);
}
const waitIndex = process.argv.indexOf('--wait');
const waitSeconds = waitIndex > 0 ? Number(process.argv[waitIndex + 1]) : 0;
if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
  console.error('--wait takes a number of seconds');
  process.exit(2);
}

const databases = openServiceDatabases();
try {
  const result = await reconcileWithin(databases.calculator, databases.totals, waitSeconds * 1000);
  console.log(describeReconciliation(result));
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(`reconciliation could not read the databases: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await databases.destroy();
}
