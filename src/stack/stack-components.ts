import { kafkaBroker, kafkaConnect } from './kafka-components.ts';
import { databaseSchema, postgresServer } from './postgres-components.ts';
import { calculatorService, totalsService } from './service-components.ts';
import type { Component } from './stack-component.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

export type { Component } from './stack-component.ts';

/** The stack in start order: each part starts once the one before it is ready. */
export function stackComponents(
  settings: StackSettings,
  secrets: StackSecrets,
  log: (line: string) => void,
): Component[] {
  const context = { settings, secrets, log };
  return [
    ...postgresServer(context),
    databaseSchema(context),
    kafkaBroker(context),
    kafkaConnect(context),
    calculatorService(context),
    totalsService(context),
  ];
}
