import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { ensureOtelcol } from './ensure-otelcol.ts';
import { httpAnswers } from './readiness-probes.ts';
import { renderTemplate } from './render-template.ts';
import type { Component, ComponentContext } from './stack-component.ts';

/**
 * The OpenTelemetry Collector: receives the services' OTLP, serves their metrics to Prometheus and
 * writes their spans and logs to `telemetryDir`. Built from source on first start.
 */
export function otelCollector({ settings, log }: ComponentContext): Component {
  const config = path.join(settings.renderedConfigDir, 'otelcol.yaml');
  let binary = '';
  return {
    name: 'otel-collector',
    prepare: async () => {
      binary = await ensureOtelcol(settings.downloadDir, log);
      mkdirSync(settings.telemetryDir, { recursive: true });
      renderTemplate(path.join(PROJECT_ROOT, 'stack', 'otelcol', 'config.yaml'), config, {
        COLLECTOR_OTLP_HTTP_PORT: String(settings.COLLECTOR_OTLP_HTTP_PORT),
        COLLECTOR_HEALTH_PORT: String(settings.COLLECTOR_HEALTH_PORT),
        COLLECTOR_PROMETHEUS_PORT: String(settings.COLLECTOR_PROMETHEUS_PORT),
        TELEMETRY_DIR: settings.telemetryDir,
      });
    },
    process: () => ({
      name: 'otel-collector',
      command: binary,
      args: [`--config=${config}`],
      env: {},
      // Time to flush the last batch to the files.
      stopTimeoutMs: 10_000,
    }),
    ready: httpAnswers(`http://127.0.0.1:${settings.COLLECTOR_HEALTH_PORT}/`),
    readyTimeoutMs: 30_000,
  };
}
