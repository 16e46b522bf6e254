import { createChannel, createClient } from 'nice-grpc';
import { afterAll, beforeAll, expect } from 'vitest';
import { CalculatorServiceDefinition } from '../../src/generated/calculator/v1/calculator.pb.ts';
import { TotalsServiceDefinition } from '../../src/generated/totals/v1/totals.pb.ts';
import { type Reconciliation, reconcileWithin } from '../../src/reconciliation/reconcile.ts';
import { openServiceDatabases } from '../../src/stack/local-databases.ts';
import { ProcessSupervisor } from '../../src/stack/process-supervisor.ts';
import { waitUntil } from '../../src/stack/readiness-probes.ts';
import { stackComponents } from '../../src/stack/stack-components.ts';
import { loadOrCreateSecrets } from '../../src/stack/stack-secrets.ts';
import { loadStackSettings } from '../../src/stack/stack-settings.ts';

export const settings = loadStackSettings();

export function openHarness() {
  const databases = openServiceDatabases();
  const calculatorChannel = createChannel(settings.calculatorAddress);
  const totalsChannel = createChannel(settings.totalsAddress);
  return {
    databases,
    calculator: createClient(CalculatorServiceDefinition, calculatorChannel),
    totals: createClient(TotalsServiceDefinition, totalsChannel),
    async close() {
      calculatorChannel.close();
      totalsChannel.close();
      await databases.destroy();
    },
    /** Waits for B to catch up with A and returns the reconciliation (ok or not). */
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
export async function crash(name: string): Promise<number> {
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    const target = await supervisor.find(name);
    if (!target?.pid) throw new Error(`${name} is not running`);
    process.kill(target.pid, 'SIGKILL');
    return target.pid;
  } finally {
    supervisor.disconnect();
  }
}

/** Waits until the part runs again under a new pid and passes its readiness probe. */
export async function waitUntilBack(name: string, oldPid: number, timeoutMs = 180_000): Promise<void> {
  const component = stackComponents(settings, loadOrCreateSecrets(settings), () => {}).find(
    (c) => c.name === name,
  );
  if (!component?.ready) throw new Error(`no readiness probe for ${name}`);
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    await waitUntil(async () => {
      const current = await supervisor.find(name);
      if (!current?.pid || current.pid === oldPid || current.status !== 'online')
        throw new Error(`${name} not restarted`);
    }, timeoutMs);
  } finally {
    supervisor.disconnect();
  }
  await waitUntil(component.ready, timeoutMs);
}

/** Stops a part cleanly (it stays stopped until `startAgain`). */
export async function stopPart(name: string): Promise<void> {
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    await supervisor.stop(name);
  } finally {
    supervisor.disconnect();
  }
}

export async function startAgain(name: string): Promise<void> {
  const component = stackComponents(settings, loadOrCreateSecrets(settings), () => {}).find(
    (c) => c.name === name,
  );
  if (!component?.ready) throw new Error(`no readiness probe for ${name}`);
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    await supervisor.restart(name);
  } finally {
    supervisor.disconnect();
  }
  await waitUntil(component.ready, 120_000);
}

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
