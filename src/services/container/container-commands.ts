/**
 * What the one container image can run, chosen by its first argument. The two services load
 * OpenTelemetry before any of their own modules; the one-shot jobs do not export telemetry.
 */
export const CONTAINER_COMMANDS = {
  calculator: { module: 'src/services/calculator/main.ts', telemetry: true },
  totals: { module: 'src/services/totals/main.ts', telemetry: true },
  migrate: { module: 'src/services/jobs/migrate-job.ts', telemetry: false },
  'apply-connectors': { module: 'src/services/jobs/apply-connectors-job.ts', telemetry: false },
} as const;

export type ContainerCommand = keyof typeof CONTAINER_COMMANDS;

export const TELEMETRY_MODULE = 'src/services/telemetry/register.ts';

export function isContainerCommand(name: string | undefined): name is ContainerCommand {
  return name !== undefined && Object.hasOwn(CONTAINER_COMMANDS, name);
}
