import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { httpAnswers } from './readiness-probes.ts';
import { renderTemplate } from './render-template.ts';
import type { Component, ComponentContext } from './stack-component.ts';

const PROMETHEUS_DIR = path.join(PROJECT_ROOT, 'stack', 'prometheus');
/** Long enough to look back over a day's work or a soak test, short enough to stay small. */
const RETENTION = '3d';

/** Prometheus (Debian's package), scraping the Collector, both JMX exporters and the Postgres exporter. */
export function prometheusServer({ settings }: ComponentContext): Component {
  const config = path.join(settings.renderedConfigDir, 'prometheus.yml');
  return {
    name: 'prometheus',
    prepare: async () => {
      renderTemplate(path.join(PROMETHEUS_DIR, 'prometheus.yml'), config, {
        RULES_DIR: path.join(PROMETHEUS_DIR, 'rules'),
        COLLECTOR_PROMETHEUS_PORT: String(settings.COLLECTOR_PROMETHEUS_PORT),
        KAFKA_JMX_EXPORTER_PORT: String(settings.KAFKA_JMX_EXPORTER_PORT),
        CONNECT_JMX_EXPORTER_PORT: String(settings.CONNECT_JMX_EXPORTER_PORT),
        POSTGRES_EXPORTER_PORT: String(settings.POSTGRES_EXPORTER_PORT),
        PROMETHEUS_PORT: String(settings.PROMETHEUS_PORT),
      });
    },
    process: () => ({
      name: 'prometheus',
      command: 'prometheus',
      args: [
        `--config.file=${config}`,
        `--storage.tsdb.path=${path.join(settings.dataDir, 'prometheus')}`,
        `--storage.tsdb.retention.time=${RETENTION}`,
        `--web.listen-address=${settings.host}:${settings.PROMETHEUS_PORT}`,
        // `POST /-/reload` rereads the config and the rules after an edit, without losing a scrape.
        '--web.enable-lifecycle',
      ],
      env: {},
      stopTimeoutMs: 30_000,
    }),
    ready: httpAnswers(`${settings.prometheusUrl}/-/ready`),
    readyTimeoutMs: 60_000,
  };
}
