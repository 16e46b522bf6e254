import path from 'node:path';
import pg from 'pg';
import { CONTAINER_COMMANDS } from '../../services/container/container-commands.ts';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import { TOTALS_ROLE } from '../stack/database-urls.ts';
import { openServiceDatabases } from '../stack/local-databases.ts';
import { telemetryEnv } from '../stack/service-components.ts';
import { stackKafka, stackKafkaSecurityConfig } from '../stack/stack-kafka-client.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { createBenchDatabase, dropBenchDatabase } from './bench-database.ts';
import { type BenchProcess, startBenchServer } from './bench-process.ts';
import { deleteConsumerGroup } from './delete-consumer-group.ts';
import { PipelinePositionProbe } from './pipeline-position.ts';
import {
  cpuProfileFlags,
  monotonicMicroseconds,
  type ProfiledProcess,
  type ProfilePlan,
  summariseProfileFile,
} from './profiled-process.ts';
import { queueEvents } from './queue-events.ts';

const TOTALS_DATABASE = 'totals_profile_bench';

/**
 * A second totals keeper, under `node --cpu-prof`, with a database and a consumer group of its own,
 * catching up on the event topic from its start: profiled from its first applied event until it has
 * caught up with the topic or the plan's duration is over. The stack's own totals keeper is untouched.
 */
export async function profileTotalsKeeper(
  settings: StackSettings,
  secrets: StackSecrets,
  plan: ProfilePlan,
  directory: string,
  log: (line: string) => void,
): Promise<ProfiledProcess> {
  const logEnd = await topicWithAtLeast(settings, plan.totalsEvents, log);
  const url = await createBenchDatabase(settings, secrets, TOTALS_DATABASE, {
    role: TOTALS_ROLE,
    password: secrets.totalsPassword,
  });
  const kafka = stackKafka(settings, { clientId: 'bench' });
  const groupId = `bench-profile-totals-${Date.now()}`;
  try {
    // Watched from before it starts: on a short topic it may be done by the time it reports SERVING.
    const stopWatching = new AbortController();
    const watching = watchCatchUp(url, logEnd.offsets, plan.durationMs, stopWatching.signal, log);
    watching.catch(() => {});
    log(
      `profile: totals keeper catching up on ${logEnd.total} events for at most ${plan.durationMs / 1000} s`,
    );
    let server: BenchProcess;
    try {
      server = await startBenchServer({
        settings,
        name: 'totals-profile',
        entry: CONTAINER_COMMANDS.totals.module,
        portVariable: 'TOTALS_GRPC_PORT',
        env: {
          TOTALS_DATABASE_URL: url,
          // The scratch database belongs to the service's role, which migrates it (the stack's never do).
          TOTALS_MIGRATE_ON_START: 'true',
          KAFKA_BROKERS: settings.kafkaBootstrap,
          // The admin: the totals principal's ACLs allow only the stack's own group, not this scratch one.
          ...stackKafkaSecurityConfig(settings, 'admin'),
          TOTALS_CONSUMER_GROUP: groupId,
          ...telemetryEnv(settings, 'totals-profile'),
        },
        logDir: path.join(settings.dataDir, 'bench', 'logs'),
        nodeFlags: cpuProfileFlags(directory, 'totals'),
      });
    } catch (error) {
      stopWatching.abort();
      throw error;
    }
    let catchUp: CatchUp;
    try {
      catchUp = await watching;
    } finally {
      await server.stop();
    }
    const file = path.join(directory, 'totals.cpuprofile');
    const perSecond = catchUp.applied / ((catchUp.window.toUs - catchUp.window.fromUs) / 1e6);
    log(
      `profile: totals keeper ${Math.round(perSecond)} events/s over ${catchUp.applied} events; profile in ${file}`,
    );
    return {
      name: 'totals keeper',
      load:
        `catching up on the event topic into a database of its own, from its first applied event ` +
        `${catchUp.caughtUp ? 'until it reached the end of the topic' : `for ${plan.durationMs / 1000} s`} ` +
        '(as fast as it can, not at the fixed rate the others are profiled under)',
      perSecond,
      unit: 'events applied',
      summary: summariseProfileFile(file, catchUp.window),
    };
  } finally {
    await deleteConsumerGroup(kafka, groupId).catch((error: Error) =>
      log(`profile: could not delete consumer group ${groupId}: ${error.message}`),
    );
    await dropBenchDatabase(settings, secrets, TOTALS_DATABASE);
  }
}

/** The topic's log-end offsets once it holds at least `events` records, sending additions if it does not. */
async function topicWithAtLeast(
  settings: StackSettings,
  events: number,
  log: (line: string) => void,
): Promise<{ offsets: Map<number, bigint>; total: number }> {
  const databases = openServiceDatabases();
  const probe = await PipelinePositionProbe.open(settings, databases);
  try {
    const { inKafka } = await probe.read();
    if (inKafka < events) {
      log(
        `profile: the topic holds ${inKafka} events; queueing ${events - inKafka} more through the pipeline`,
      );
      await queueEvents(settings, probe, inKafka, events - inKafka, log);
    }
    const offsets = new Map(
      [...(await probe.logEndOffsets())].map(([partition, end]) => [partition, BigInt(end)]),
    );
    return { offsets, total: Number([...offsets.values()].reduce((sum, end) => sum + end, 0n)) };
  } finally {
    await probe.close();
    await databases.destroy();
  }
}

interface CatchUp {
  window: { fromUs: number; toUs: number };
  applied: number;
  caughtUp: boolean;
}

/** Polls the profiled keeper's own tables every 100 ms: from just before its first applied event to the end. */
async function watchCatchUp(
  url: string,
  logEnd: Map<number, bigint>,
  durationMs: number,
  stop: AbortSignal,
  log: (line: string) => void,
): Promise<CatchUp> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench' });
  await client.connect();
  try {
    const position = () => keeperPosition(client, logEnd);
    // The window opens at the last moment nothing was applied yet, and counts every event from there: on
    // a short topic the keeper may apply all of it between two looks, which leaves nothing to count from
    // the first look that saw events.
    let fromUs = monotonicMicroseconds();
    const giveUpAt = Date.now() + 90_000;
    while ((await position()).applied === 0) {
      fromUs = monotonicMicroseconds();
      if (stop.aborted) throw new Error('stopped watching: the profiled totals keeper did not start');
      if (Date.now() > giveUpAt) throw new Error('the profiled totals keeper applied nothing in 90 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let lastProgress = Date.now();
    for (;;) {
      const now = await position();
      const toUs = monotonicMicroseconds();
      if (now.caughtUp || toUs - fromUs >= durationMs * 1000)
        return { window: { fromUs, toUs }, applied: now.applied, caughtUp: now.caughtUp };
      if (Date.now() - lastProgress >= 5_000) {
        log(`profile: totals keeper has applied ${now.applied} events`);
        lastProgress = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

/** Events the keeper applied and whether its stored offsets reached the log end; nothing before it migrated. */
async function keeperPosition(
  client: pg.Client,
  logEnd: Map<number, bigint>,
): Promise<{ applied: number; caughtUp: boolean }> {
  try {
    const [total, offsets] = await Promise.all([
      client.query<{ event_count: string }>('select event_count from running_total'),
      client.query<{ partition: number; next_offset: string }>(
        'select partition, next_offset from consumer_offsets where topic = $1',
        [CALCULATION_EVENTS_TOPIC],
      ),
    ]);
    const next = new Map(offsets.rows.map((row) => [row.partition, BigInt(row.next_offset)]));
    return {
      applied: Number(total.rows[0]?.event_count ?? 0),
      caughtUp: [...logEnd].every(([partition, end]) => (next.get(partition) ?? 0n) >= end),
    };
  } catch (error) {
    // 42P01: the tables do not exist yet, as the keeper migrates its database when it starts.
    if ((error as { code?: string }).code === '42P01') return { applied: 0, caughtUp: false };
    throw error;
  }
}
