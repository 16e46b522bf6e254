import { readFileSync } from 'node:fs';
import { fetchJarsIfMissing } from './fetch-jars.ts';
import { hasStandbyData } from './postgres-nodes.ts';
import { ProcessSupervisor } from './process-supervisor.ts';
import { waitUntil } from './readiness-probes.ts';
import { parseInstanceName } from './service-instances.ts';
import { type Component, stackComponents } from './stack-components.ts';
import { readStackScale, writeStackScale } from './stack-scale.ts';
import { loadOrCreateSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

export class ComponentFailure extends Error {
  readonly component: string;
  constructor(component: string, message: string) {
    super(message);
    this.component = component;
  }
}

/**
 * Brings every part up in order and returns once all are healthy. Parts already running are left as
 * they are, so it is safe to run again. A part that does not come up fails the whole call, naming it
 * and its log.
 */
export async function stackUp(settings: StackSettings, log: (line: string) => void): Promise<void> {
  if (settings.totalsKeepers > settings.CALCULATION_EVENTS_PARTITIONS)
    throw new ComponentFailure(
      'totals',
      `totals: ${settings.totalsKeepers} totals keepers for ${settings.CALCULATION_EVENTS_PARTITIONS} partitions: a ` +
        'keeper beyond one per partition would own none and never be ready; raise CALCULATION_EVENTS_PARTITIONS ' +
        'or run fewer keepers',
    );
  refuseStandbyDataWithoutHa(settings);
  await fetchJarsIfMissing(settings, log);
  const secrets = loadOrCreateSecrets(settings);
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    await refuseHaChangeWhileRunning(settings, supervisor);
    // Said before any part starts: a start that fails half-way is still one with (or without) a standby.
    const last = readStackScale(settings.dataDir);
    writeStackScale(settings.dataDir, {
      calculators: last?.calculators ?? settings.calculators,
      totalsKeepers: last?.totalsKeepers ?? settings.totalsKeepers,
      postgresHa: settings.postgresHa,
    });
    const components = stackComponents(settings, secrets, log);
    await stopInstancesBeyondScale(supervisor, components, log);
    for (const component of components) {
      await bringUp(component, supervisor, log);
    }
    writeStackScale(settings.dataDir, {
      calculators: settings.calculators,
      totalsKeepers: settings.totalsKeepers,
      postgresHa: settings.postgresHa,
    });
  } finally {
    supervisor.disconnect();
  }
}

/**
 * A data folder that ran a primary and a standby keeps their role settings (the primary waits for a
 * standby on every commit), and its primary may be the second node: run alone, it would hang or be stale.
 */
function refuseStandbyDataWithoutHa(settings: StackSettings) {
  if (settings.postgresHa || settings.STACK_POSTGRES_ADMIN_URL || !hasStandbyData(settings)) return;
  throw new ComponentFailure(
    'postgres',
    'postgres: this data folder ran Postgres as a primary and a standby (STACK_POSTGRES_HA=on); start it the same ' +
      'way (npm run stack:up -- --ha), or start afresh without HA (npm run stack:wipe)',
  );
}

/** The switch takes POSTGRES_PORT, where a stack without HA runs Postgres itself: no change while running. */
async function refuseHaChangeWhileRunning(settings: StackSettings, supervisor: ProcessSupervisor) {
  const ranWithHa = readStackScale(settings.dataDir)?.postgresHa ?? false;
  if (ranWithHa === settings.postgresHa) return;
  const running = (await supervisor.list())
    .filter((item) => item.status === 'online')
    .map((item) => item.name);
  if (!running.includes('postgres') && !running.includes('postgres-2')) return;
  throw new ComponentFailure(
    'postgres',
    `postgres: the running stack has ${ranWithHa ? 'a standby' : 'no standby'}; stop it first (npm run stack:down), ` +
      `then start it ${settings.postgresHa ? 'with' : 'without'} --ha`,
  );
}

/** A stack brought up with fewer instances than it runs stops the ones past the count, last first. */
async function stopInstancesBeyondScale(
  supervisor: ProcessSupervisor,
  components: readonly Component[],
  log: (line: string) => void,
) {
  const wanted = new Set(components.map((component) => component.name));
  const extra = (await supervisor.list())
    .map((item) => item.name)
    .filter((name) => parseInstanceName(name) !== undefined && !wanted.has(name))
    .sort()
    .reverse();
  for (const name of extra) {
    log(`${name}: stopping (beyond the number asked for)`);
    await supervisor.remove(name);
  }
}

/**
 * Brings one part up the way stack:up does (prepare, start, readiness, setup): with HA, the node that is
 * not primary comes up as a fresh standby.
 */
export async function bringUpPart(settings: StackSettings, name: string, log: (line: string) => void) {
  const component = stackComponents(settings, loadOrCreateSecrets(settings), log).find(
    (candidate) => candidate.name === name,
  );
  if (!component) throw new Error(`the stack has no part named ${name}`);
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    await bringUp(component, supervisor, log);
  } finally {
    supervisor.disconnect();
  }
}

async function bringUp(component: Component, supervisor: ProcessSupervisor, log: (line: string) => void) {
  const started = Date.now();
  const fail = (what: string, error: unknown): never => {
    const logFile = component.process ? supervisor.logFile(component.name) : undefined;
    const tail = logFile ? lastLines(logFile, 10) : '';
    throw new ComponentFailure(
      component.name,
      `${component.name}: ${what}: ${(error as Error).message ?? error}` +
        (logFile ? `\n  its log: ${logFile}${tail ? `\n  last lines:\n${tail}` : ''}` : ''),
    );
  };

  if (component.process && component.ready) {
    const current = await supervisor.find(component.name);
    if (current?.status === 'online') {
      log(`${component.name}: already running (pid ${current.pid})`);
    } else {
      log(`${component.name}: starting`);
      try {
        await component.prepare?.();
        await supervisor.start(component.process());
      } catch (error) {
        fail('could not start', error);
      }
    }
    try {
      await waitUntil(component.ready, component.readyTimeoutMs ?? 60_000);
    } catch (error) {
      fail('not healthy', error);
    }
  }
  try {
    await component.afterReady?.();
  } catch (error) {
    fail('setup failed', error);
  }
  log(`${component.name}: ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** The log's last errors (the cause is often well above the shutdown noise that ends it), then its tail. */
function lastLines(file: string, count: number): string {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-500);
  } catch {
    return '';
  }
  const errors = lines
    .filter((line) => /\bERROR\b|\bFATAL\b|\w+Exception: |"level":"(error|fatal)"/.test(line))
    .slice(-6);
  const tail = lines.slice(-count).filter((line) => !errors.includes(line));
  const indent = (line: string) => `    ${line.slice(0, 300)}`;
  return [...(errors.length ? ['  errors:', ...errors.map(indent), '  end:'] : []), ...tail.map(indent)].join(
    '\n',
  );
}
