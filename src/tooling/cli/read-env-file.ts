import { existsSync } from 'node:fs';

// Every node-run npm script imports this first (node --import): the settings in .env, when there is one,
// count as if they had been exported, and a variable already in the environment wins over the file.
// Node's own --env-file-if-exists=.env does the same, but prints ".env not found" on stderr on every run
// without one, which is most runs.
if (existsSync('.env')) process.loadEnvFile('.env');
