import { type Dashboard, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { CALCULATION_EVENTS_TOPIC } from '../../services/shared/calculation-recorded-event.ts';
import {
  buildNumbered,
  pipelineDashboard,
  quantile,
  statPanel,
  thresholds,
  timeSeriesPanel,
} from './panel-helpers.ts';

// Anchored by Prometheus: matches `Add` and the fully qualified `calculator.v1.CalculatorService/Add`.
const ADD_CALLS = '{job="calculator", rpc_method=~"(.+/)?Add"}';

function calculatorRow(builder: ReturnType<typeof pipelineDashboard>) {
  return builder
    .withRow(new RowBuilder('Calculator: Add calls'))
    .withPanel(
      timeSeriesPanel({
        title: 'Add calls per second by status code',
        description: 'Add calls the calculator answered, by gRPC status code name (OK, INVALID_ARGUMENT, …).',
        unit: units.RequestsPerSecond,
        width: 8,
        queries: [
          {
            expr: 'sum by (rpc_response_status_code) (pipeline:calculator_requests:rate1m)',
            legend: '{{rpc_response_status_code}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Add error ratio',
        description:
          'Share of Add calls not answered OK over 5 minutes; INVALID_ARGUMENT (a caller mistake) is not counted.',
        unit: units.PercentUnit,
        width: 8,
        min: 0,
        queries: [{ expr: 'pipeline:calculator_errors:ratio_rate5m', legend: 'errors' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Add latency',
        description: 'Time the calculator took to answer Add, from the gRPC server histogram.',
        unit: units.Seconds,
        width: 8,
        queries: [0.5, 0.95, 0.99].map((q) => ({
          expr: quantile(q, 'rpc_server_call_duration_seconds', ADD_CALLS),
          legend: `p${q * 100}`,
        })),
      }),
    );
}

function throughputRow(builder: ReturnType<typeof pipelineDashboard>) {
  return builder.withRow(new RowBuilder('Throughput at each hop')).withPanel(
    timeSeriesPanel({
      title: 'Throughput at each hop',
      description:
        'The same calculations at each hop, in pipeline order. Lines that part for long mean a hop is falling ' +
        'behind; Debezium also counts its heartbeat rows.',
      unit: units.EventsPerSecond,
      width: 24,
      height: 9,
      queries: [
        {
          expr: 'sum(pipeline:calculations_committed:rate1m)',
          legend: '1 calculations committed (calculator)',
        },
        {
          expr: 'sum(rate(debezium_streaming_total_number_of_events_seen[$__rate_interval]))',
          legend: '2 change events seen (Debezium)',
        },
        { expr: 'sum(kafka_connect_source_record_write_rate)', legend: '3 records written (Kafka Connect)' },
        {
          expr: `sum(rate(kafka_server_brokertopicmetrics_messagesin_total{topic="${CALCULATION_EVENTS_TOPIC}"}[$__rate_interval]))`,
          legend: `4 messages in, ${CALCULATION_EVENTS_TOPIC} (Kafka)`,
        },
        {
          expr: 'sum(rate(messaging_client_consumed_messages_total{job="totals"}[$__rate_interval]))',
          legend: '5 messages consumed (totals keeper)',
        },
        { expr: 'sum(pipeline:events_applied:rate1m)', legend: '6 events applied (totals keeper)' },
      ],
    }),
  );
}

function endToEndRow(builder: ReturnType<typeof pipelineDashboard>) {
  return builder
    .withRow(new RowBuilder('End to end'))
    .withPanel(
      timeSeriesPanel({
        title: 'End-to-end latency',
        description:
          "From the calculation's occurredAt (stamped inside the calculator's committing transaction) to the " +
          "commit of the totals keeper's transaction that applied it.",
        unit: units.Seconds,
        width: 12,
        queries: [0.5, 0.95, 0.99].map((q) => ({
          expr: quantile(q, 'totals_end_to_end_duration_seconds'),
          legend: `p${q * 100}`,
        })),
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Time in Kafka',
        description:
          "From the Kafka record's timestamp (Kafka Connect produced it) to the totals keeper receiving it.",
        unit: units.Seconds,
        width: 12,
        queries: [0.5, 0.99].map((q) => ({
          expr: quantile(q, 'totals_kafka_time_in_topic_seconds'),
          legend: `p${q * 100}`,
        })),
      }),
    )
    .withPanel(
      statPanel({
        title: 'End-to-end p99 (5 min)',
        description: 'The recording rule alerts use for the end-to-end latency objective.',
        unit: units.Seconds,
        width: 8,
        queries: [{ expr: 'max(pipeline:end_to_end_latency_seconds:p99_5m)', legend: 'p99' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Dead-lettered events per minute (peak)',
        description:
          'Highest rate over the time range at which the totals keeper set events aside in dead_letters instead of adding ' +
          'them (not JSON, wrong schema, unknown type). Red means at least one: the dead_letters table says why.',
        unit: units.CountsPerMinute,
        width: 8,
        calc: 'max',
        queries: [
          {
            expr: '60 * sum(rate(totals_events_dead_lettered_total[$__rate_interval]))',
            legend: 'dead-lettered',
          },
        ],
      }).thresholds(thresholds('green', [{ from: 0.001, color: 'red' }])),
    )
    .withPanel(
      statPanel({
        title: 'Running total',
        description: "The totals keeper's running total as a float; GetTotal gives the exact decimal.",
        unit: units.NoUnit,
        width: 8,
        queries: [{ expr: 'max(totals_running_total)', legend: 'running total' }],
      }),
    );
}

export const PIPELINE_OVERVIEW_UID = 'outbox-pipeline-overview';

export function pipelineOverviewDashboard(): Dashboard {
  const builder = pipelineDashboard(
    PIPELINE_OVERVIEW_UID,
    'Outbox pipeline: overview',
    'Calls into the calculator, how many calculations pass each hop, and how long they take end to end.',
  );
  return buildNumbered(endToEndRow(throughputRow(calculatorRow(builder))));
}
