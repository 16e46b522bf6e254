import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessSupervisor } from '../stack/process-supervisor.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { CHAOS_PARTS, type ChaosPart } from './fault-plan.ts';

/**
 * Which life of each part is running: its pid and the supervisor's restart count, or undefined when it
 * is not running at that moment. Two readings that differ for a part mean it died in between.
 */
export type PartLives = Record<ChaosPart, string | undefined>;

export async function readPartLives(settings: StackSettings): Promise<PartLives> {
  const lives = await readProcessLives(settings);
  return Object.fromEntries(CHAOS_PARTS.map((part) => [part, lives.get(part)])) as PartLives;
}

/** The parts whose life changed between two readings (or that were down at either), except `aimedAt`. */
export function partsRestarted(before: PartLives, after: PartLives, aimedAt?: ChaosPart): ChaosPart[] {
  return CHAOS_PARTS.filter(
    (part) =>
      part !== aimedAt &&
      (before[part] === undefined || after[part] === undefined || before[part] !== after[part]),
  );
}

/**
 * Waits until every part runs, so that a part still coming back from a crash is neither the target of
 * the next fault (its pid would be gone) nor mistaken for one the next fault took down.
 */
export async function waitUntilAllRunning(settings: StackSettings, timeoutMs: number): Promise<PartLives> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const lives = await readPartLives(settings);
    if (CHAOS_PARTS.every((part) => lives[part] !== undefined) || performance.now() >= deadline) return lives;
    await sleep(500);
  }
}

/** Every supervised process's life by name (`pid/restarts`, or undefined when not running): instances too. */
export async function readProcessLives(settings: StackSettings): Promise<Map<string, string | undefined>> {
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    return new Map(
      (await supervisor.list()).map((item) => [
        item.name,
        item.pid && item.status === 'online' ? `${item.pid}/${item.restarts}` : undefined,
      ]),
    );
  } finally {
    supervisor.disconnect();
  }
}

/** The processes whose life changed between two readings, or that ran at either and not the other. */
export function processesRestarted(
  before: Map<string, string | undefined>,
  after: Map<string, string | undefined>,
  aimedAt: readonly string[],
): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => !aimedAt.includes(name) && before.get(name) !== after.get(name)).sort();
}
