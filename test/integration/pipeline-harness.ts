import { createClient } from 'nice-grpc';
import { afterAll, beforeAll, expect } from 'vitest';
import { CalculatorServiceDefinition } from '../../src/generated/calculator/v1/calculator.pb.ts';
import { TotalsServiceDefinition } from '../../src/generated/totals/v1/totals.pb.ts';
import { openChannel } from '../../src/services/shared/grpc-target.ts';
import { type Reconciliation, reconcileWithin } from '../../src/tooling/reconciliation/reconcile.ts';
import { openServiceDatabases } from '../../src/tooling/stack/local-databases.ts';
import {
  signalPart,
  startAgain as startAgainInStack,
  stopPart as stopPartOfStack,
  waitUntilBack as waitUntilBackInStack,
} from '../../src/tooling/stack/part-control.ts';
import { calculatorTarget, totalsTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

export const settings = loadStackSettings();

export function openHarness() {
  const databases = openServiceDatabases();
  const calculatorChannel = openChannel(calculatorTarget(settings));
  const totalsChannel = openChannel(totalsTarget(settings));
  return {
    databases,
    calculator: createClient(CalculatorServiceDefinition, calculatorChannel),
    totals: createClient(TotalsServiceDefinition, totalsChannel),
    async close() {
      calculatorChannel.close();
      totalsChannel.close();
      await databases.destroy();
    },
    /**
     * Waits for the totals keeper to catch up with the calculator and returns the reconciliation (ok or
     * not).
     */
    settle(timeoutMs = 120_000): Promise<Reconciliation> {
      return reconcileWithin(databases.calculator, databases.totals, timeoutMs);
    },
    async calculationCount(): Promise<number> {
      const row = await databases.calculator
        .selectFrom('calculations')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

export type Harness = ReturnType<typeof openHarness>;

/** Kills a part of the stack the way a crash would; the supervisor starts it again. */
export const crash = (name: string) => signalPart(settings, name, 'SIGKILL');
export const waitUntilBack = (name: string, oldPid: number) => waitUntilBackInStack(settings, name, oldPid);
export const stopPart = (name: string) => stopPartOfStack(settings, name);
export const startAgain = (name: string) => startAgainInStack(settings, name);

/**
 * Opens a harness for the test file and, before its tests, waits for a reconciled pipeline, so each
 * test sees only its own effect. Returns a getter, as the harness exists only once the hook has run.
 */
export function useSettledHarness(): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = openHarness();
    expect((await harness.settle()).ok).toBe(true);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('the harness is opened in beforeAll');
    return harness;
  };
}
