import pg from 'pg';
import type { Condition } from './health-reporter.ts';

export interface DatabaseProbeOptions {
  url: string;
  applicationName: string;
  intervalMs: number;
  /** A check that takes longer fails: a database that hangs is as unusable as one that refuses. */
  timeoutMs: number;
  onResult: (condition: Condition) => void;
}

/**
 * Asks the database `select 1` every `intervalMs` on a connection of its own, so the answer depends on
 * the database and not on how busy the service's pool is; a broken connection is replaced at the next
 * check. Returns a function that stops it.
 */
export function probeDatabase(options: DatabaseProbeOptions): () => Promise<void> {
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const dropClient = () => {
    const broken = client;
    client = undefined;
    void broken?.end().catch(() => {});
  };

  const check = async (): Promise<Condition> => {
    if (!client) {
      const fresh = new pg.Client({
        connectionString: options.url,
        application_name: options.applicationName,
        connectionTimeoutMillis: options.timeoutMs,
        query_timeout: options.timeoutMs,
      });
      // A connection that breaks between checks must not be an unhandled 'error' event.
      fresh.on('error', () => {
        if (client === fresh) dropClient();
      });
      client = fresh;
      await fresh.connect();
    }
    await client.query('select 1');
    return { ok: true };
  };

  const run = async () => {
    const condition = await check().catch((error: unknown) => {
      dropClient();
      return { ok: false, reason: `database unreachable: ${(error as Error).message}` };
    });
    if (stopped) return;
    options.onResult(condition);
    timer = setTimeout(run, options.intervalMs);
    timer.unref();
  };
  void run();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => {});
  };
}
