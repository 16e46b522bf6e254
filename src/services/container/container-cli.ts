import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../shared/project-root.ts';
import { CONTAINER_COMMANDS, isContainerCommand, TELEMETRY_MODULE } from './container-commands.ts';

// The image's entry point: `docker run <image> calculator|totals|migrate|apply-connectors`.
const name = process.argv[2];
if (!isContainerCommand(name)) {
  console.error(
    `[container] unknown command ${JSON.stringify(name)}; expected one of: ${Object.keys(CONTAINER_COMMANDS).join(', ')}`,
  );
  process.exit(64);
}
const moduleUrl = (module: string) => pathToFileURL(path.join(PROJECT_ROOT, module)).href;
const command = CONTAINER_COMMANDS[name];
// Telemetry must be registered before the service's first import, as `node --import` would do.
if (command.telemetry) await import(moduleUrl(TELEMETRY_MODULE));
process.argv.splice(2, 1);
await import(moduleUrl(command.module));
