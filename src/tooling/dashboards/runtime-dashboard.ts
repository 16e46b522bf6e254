import { type Dashboard, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import {
  buildNumbered,
  jobAndInstanceVariables,
  pipelineDashboard,
  quantile,
  statPanel,
  thresholds,
  timeSeriesPanel,
} from './panel-helpers.ts';

type Builder = ReturnType<typeof pipelineDashboard>;

const SERVICE = '{job=~"$job", instance=~"$instance"}';
const BY_SERVICE = 'job, instance';

function nodeRow(builder: Builder): Builder {
  return builder
    .withRow(new RowBuilder('Node.js services (calculator, totals)'))
    .withPanel(
      timeSeriesPanel({
        title: 'Event-loop delay',
        description:
          'How late timers fire: a busy or blocked event loop delays every call and every message.',
        unit: units.Seconds,
        width: 12,
        queries: ['p50', 'p99', 'max'].map((statistic) => ({
          expr: `max by (${BY_SERVICE}) (nodejs_eventloop_delay_${statistic}_seconds${SERVICE})`,
          legend: `{{job}} {{instance}} ${statistic}`,
        })),
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Event-loop utilization',
        description: 'Share of time the event loop was busy; near 100% the process is CPU bound.',
        unit: units.PercentUnit,
        width: 12,
        min: 0,
        queries: [
          {
            expr: `max by (${BY_SERVICE}) (nodejs_eventloop_utilization_ratio${SERVICE})`,
            legend: '{{job}} {{instance}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'V8 heap used',
        description: 'V8 heap in use, all heap spaces together.',
        unit: units.BytesIEC,
        width: 8,
        queries: [
          {
            expr: `sum by (${BY_SERVICE}) (v8js_memory_heap_used_bytes${SERVICE})`,
            legend: '{{job}} {{instance}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Time spent in garbage collection',
        description: 'Seconds of GC pause per second of wall-clock time.',
        unit: units.PercentUnit,
        width: 8,
        min: 0,
        queries: [
          {
            expr: `sum by (${BY_SERVICE}) (rate(v8js_gc_duration_seconds_sum${SERVICE}[$__rate_interval]))`,
            legend: '{{job}} {{instance}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'GC pauses per second by type',
        description:
          'Garbage collections per second, by V8 collection type (minor, major, incremental, weakcb).',
        unit: units.OpsPerSecond,
        width: 8,
        queries: [
          {
            expr: `sum by (${BY_SERVICE}, v8js_gc_type) (rate(v8js_gc_duration_seconds_count${SERVICE}[$__rate_interval]))`,
            legend: '{{job}} {{instance}} {{v8js_gc_type}}',
          },
        ],
      }),
    );
}

function postgresRow(builder: Builder): Builder {
  return builder
    .withRow(new RowBuilder('Postgres: pools and queries'))
    .withPanel(
      timeSeriesPanel({
        title: 'pg pool connections',
        description: 'Connections in each service pool, used and idle.',
        unit: units.Short,
        width: 6,
        queries: [
          {
            expr: `sum by (${BY_SERVICE}, db_client_connection_state) (db_client_connection_count${SERVICE})`,
            legend: '{{job}} {{instance}} {{db_client_connection_state}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Callers waiting for a pg connection',
        description:
          'Queries queued for a free pool connection; lasting above zero means the pool is too small.',
        unit: units.Short,
        width: 6,
        min: 0,
        queries: [
          {
            expr: `sum by (${BY_SERVICE}) (db_client_connection_pending_requests${SERVICE})`,
            legend: '{{job}} {{instance}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'pg query duration p99',
        description: "Each service's pg query duration, 99th percentile.",
        unit: units.Seconds,
        width: 6,
        queries: [
          {
            expr: quantile(0.99, 'db_client_operation_duration_seconds', SERVICE, ['job', 'instance']),
            legend: '{{job}} {{instance}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Postgres commits per second',
        description: 'Transactions committed per database, from the Postgres exporter.',
        unit: units.OpsPerSecond,
        width: 6,
        queries: [
          {
            expr: 'sum by (datname) (rate(pg_stat_database_xact_commit[$__rate_interval]))',
            legend: '{{datname}}',
          },
        ],
      }),
    );
}

const STATUS_COLOURS = [
  { pattern: '.*: running', color: 'green' },
  { pattern: '.*: failed', color: 'red' },
];

function statusPanel(title: string, description: string, expr: string, legend: string) {
  const panel = statPanel({
    title,
    description,
    unit: units.NoUnit,
    width: 6,
    showNames: true,
    queries: [{ expr, legend }],
  }).thresholds(thresholds('orange'));
  for (const { pattern, color } of STATUS_COLOURS) {
    panel.overrideByRegexp(pattern, [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }]);
  }
  return panel;
}

function connectAndKafkaRow(builder: Builder): Builder {
  return builder
    .withRow(new RowBuilder('Kafka Connect and Kafka'))
    .withPanel(
      statusPanel(
        'Connector status',
        'State of each connector: green running, red failed, orange anything else (paused, unassigned…).',
        'sum by (connector, status) (kafka_connect_connector_status) > 0',
        '{{connector}}: {{status}}',
      ),
    )
    .withPanel(
      statusPanel(
        'Task status',
        'State of each connector task: green running, red failed, orange anything else.',
        'sum by (connector, task, status) (kafka_connect_task_status) > 0',
        '{{connector}} task {{task}}: {{status}}',
      ),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Source records polled and written',
        description: 'Records each task polled from Debezium and wrote to Kafka per second.',
        unit: units.RecordsPerSecond,
        width: 12,
        queries: [
          {
            expr: 'sum by (connector) (kafka_connect_source_record_poll_rate)',
            legend: 'polled {{connector}}',
          },
          {
            expr: 'sum by (connector) (kafka_connect_source_record_write_rate)',
            legend: 'written {{connector}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Kafka requests per second by API',
        description: 'Requests the broker served, by Kafka API (Produce, Fetch, …).',
        unit: units.RequestsPerSecond,
        width: 12,
        queries: [
          {
            expr: 'sum by (request) (rate(kafka_network_requestmetrics_requests_total[$__rate_interval]))',
            legend: '{{request}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: `${CALCULATION_EVENTS_TOPIC} size on disk per partition`,
        description: 'Bytes the broker keeps on disk for each partition of the events topic.',
        unit: units.BytesIEC,
        width: 8,
        queries: [
          {
            expr: `sum by (partition) (kafka_log_log_size{topic="${CALCULATION_EVENTS_TOPIC}"})`,
            legend: 'partition {{partition}}',
          },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Under-replicated partitions',
        description:
          'Partitions with fewer in-sync replicas than configured; 0 unless a broker is in trouble.',
        unit: units.Short,
        width: 4,
        queries: [
          { expr: 'sum(kafka_server_replicamanager_underreplicatedpartitions)', legend: 'under-replicated' },
        ],
      }).thresholds(thresholds('green', [{ from: 1, color: 'red' }])),
    );
}

export const RUNTIME_UID = 'outbox-pipeline-runtime';

export function runtimeDashboard(): Dashboard {
  const builder = pipelineDashboard(
    RUNTIME_UID,
    'Outbox pipeline: runtime',
    'The processes under the pipeline: Node.js event loop, heap, GC and pg pools per service; Kafka Connect ' +
      'connector and task state; the Kafka broker and Postgres.',
  ).variables(jobAndInstanceVariables('nodejs_eventloop_utilization_ratio'));
  return buildNumbered(connectAndKafkaRow(postgresRow(nodeRow(builder))));
}
