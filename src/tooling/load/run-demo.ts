import { createClient } from 'nice-grpc';
import { TotalsServiceDefinition } from '../../generated/totals/v1/totals.pb.ts';
import { openChannel } from '../../services/shared/grpc-target.ts';
import { describeReconciliation, reconcileWithin } from '../reconciliation/reconcile.ts';
import { openServiceDatabases } from '../stack/local-databases.ts';
import { describeInstances } from '../stack/service-instances.ts';
import { calculatorTarget, totalsTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { sendAdditions } from './send-additions.ts';

/**
 * Sends a batch of awkward additions through the pipeline, waits for the totals keeper to apply them, and
 * prints its running total beside the exact sum the calculator committed. Returns whether they reconcile.
 */
export async function runDemo(settings: StackSettings, count = 1_000, concurrency = 20): Promise<boolean> {
  const log = (line: string) => console.log(`[demo] ${line}`);
  log(
    `sending ${count} additions from ${concurrency} concurrent clients to the ${describeInstances(settings, 'calculator')}`,
  );
  const started = Date.now();
  const sent = await sendAdditions({
    target: calculatorTarget(settings),
    count,
    concurrency,
    seed: Date.now() % 1e9,
  });
  log(`${sent.ok} answered OK, ${sent.failed} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const error of sent.errors.slice(0, 5)) log(`  error: ${error}`);

  const databases = openServiceDatabases();
  const channel = openChannel(totalsTarget(settings));
  try {
    const result = await reconcileWithin(databases.calculator, databases.totals, 60_000);
    const total = await createClient(TotalsServiceDefinition, channel).getTotal({});
    log(`running total held by the totals keeper: ${total.total} over ${total.eventCount} events`);
    log(
      `exact sum the calculator committed:      ${result.calculatorSum} over ${result.calculations} calculations`,
    );
    console.log(describeReconciliation(result));
    return result.ok && sent.failed === 0 && sent.errors.length === 0;
  } finally {
    channel.close();
    await databases.destroy();
  }
}
