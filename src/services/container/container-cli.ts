import { CONTAINER_COMMANDS, isContainerCommand, TELEMETRY_MODULE } from './container-commands.ts';

// The image's entry point: `docker run <image> calculator|totals|migrate|apply-connectors`.
const name = process.argv[2];
if (!isContainerCommand(name)) {
  console.error(
    `[container] unknown command ${JSON.stringify(name)}; expected one of: ${Object.keys(CONTAINER_COMMANDS).join(', ')}`,
  );
  process.exit(64);
}
const projectRoot = new URL('../../../', import.meta.url);
const command = CONTAINER_COMMANDS[name];
// Telemetry must be registered before the service's first import, as `node --import` would do.
if (command.telemetry) await import(new URL(TELEMETRY_MODULE, projectRoot).href);
process.argv.splice(2, 1);
await import(new URL(command.module, projectRoot).href);
