import path from 'node:path';
import type { StackSettings } from './stack-settings.ts';

/**
 * Every log the local stack writes, by part: pm2 keeps each supervised process's output in
 * `<logDir>/<part>.log`, and `npm start` its own in start.log. The services log JSON (pino), which
 * reads better pretty-printed; the others write their own text.
 */
export const STACK_LOG_PARTS = {
  start: { json: false, what: "npm start's own output, the stop included" },
  'otel-collector': { json: false, what: 'the OpenTelemetry Collector' },
  postgres: { json: false, what: 'the embedded Postgres' },
  'postgres-exporter': { json: false, what: "Prometheus's Postgres exporter" },
  kafka: { json: false, what: 'the Kafka broker' },
  connect: { json: false, what: 'Kafka Connect with Debezium' },
  toxiproxy: { json: false, what: 'the fault proxies (a stack started with --fault-proxies)' },
  calculator: { json: true, what: 'the calculator service' },
  totals: { json: true, what: 'the totals keeper' },
  prometheus: { json: false, what: 'Prometheus' },
} as const;

export type StackLogPart = keyof typeof STACK_LOG_PARTS;

export const isStackLogPart = (name: string): name is StackLogPart => Object.hasOwn(STACK_LOG_PARTS, name);

export const stackLogFile = (settings: StackSettings, part: StackLogPart) =>
  path.join(settings.logDir, `${part}.log`);
