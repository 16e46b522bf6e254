import { otelCollector } from './collector-components.ts';
import { faultProxyServer } from './fault-proxy-components.ts';
import { kafkaBroker, kafkaConnect } from './kafka-components.ts';
import { databaseSchema, postgresServer, postgresStandbyServer } from './postgres-components.ts';
import { postgresExporter } from './postgres-exporter-components.ts';
import { prometheusServer } from './prometheus-components.ts';
import { stackSecurity } from './security-components.ts';
import { calculatorServices, totalsServices } from './service-components.ts';
import type { Component } from './stack-component.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

export type { Component } from './stack-component.ts';

/**
 * The stack in start order: each part starts once the one before it is ready. The Collector comes first
 * (it depends on nothing, and the services send to it from their first request); Prometheus comes last,
 * once everything it scrapes is up.
 */
export function stackComponents(
  settings: StackSettings,
  secrets: StackSecrets,
  log: (line: string) => void,
): Component[] {
  const context = { settings, secrets, log };
  return [
    stackSecurity(context),
    otelCollector(context),
    // Before every client it stands in front of; a proxy whose server is not up yet refuses like the server.
    ...(settings.faultProxies || settings.postgresHa ? [faultProxyServer(context)] : []),
    ...postgresServer(context),
    // Before the schema step, whose commits a primary waiting for a lost standby would hold.
    ...postgresStandbyServer(context),
    databaseSchema(context),
    postgresExporter(context),
    kafkaBroker(context),
    kafkaConnect(context),
    ...calculatorServices(context),
    ...totalsServices(context),
    prometheusServer(context),
  ];
}
