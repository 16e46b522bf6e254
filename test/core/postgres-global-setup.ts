import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { letPostgresUserReachDataDir } from '../../src/tooling/stack/embedded-postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Postgres of its own for the core tests, on a free port in a throwaway folder: no Kafka, no Connect,
 * no stack. `wal_level=logical`, so a test can read what a transaction wrote to the WAL (the outbox rows
 * are deleted in the transaction that inserts them). It runs in a child process (core-postgres-server.ts
 * says why); closing the child's standard input stops it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(path.join(tmpdir(), 'core-postgres-'));
  // The server runs as the postgres system user, which must reach its binaries (inside a checkout that
  // may sit in a private folder) and its data folder.
  chmodSync(folder, 0o755);
  letPostgresUserReachDataDir(path.join(folder, 'data'), (line) => console.log(`[core] ${line}`));
  const port = await freePort();
  const password = 'core-tests';
  const server = spawn(
    process.execPath,
    [fileURLToPath(new URL('./core-postgres-server.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        CORE_POSTGRES_DIR: path.join(folder, 'data'),
        CORE_POSTGRES_PORT: String(port),
        CORE_POSTGRES_PASSWORD: password,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const [ready] = (await Promise.race([
    once(server.stdout, 'data'),
    once(server, 'exit').then(([code]) => {
      throw new Error(`the core tests' Postgres did not start (exit code ${code}; its error is above)`);
    }),
  ])) as [Buffer];
  if (!ready.toString().includes('ready'))
    throw new Error(`the core tests' Postgres did not start: ${ready.toString().trim()}`);
  project.provide('postgresAdminUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    const exited = once(server, 'exit');
    server.stdin.end();
    await exited;
    rmSync(folder, { recursive: true, force: true });
  };
}
