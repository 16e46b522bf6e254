import { type Dashboard, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import {
  buildNumbered,
  pipelineDashboard,
  quantile,
  statPanel,
  thresholds,
  timeSeriesPanel,
} from './panel-helpers.ts';

type Builder = ReturnType<typeof pipelineDashboard>;

const UP_OR_DOWN = thresholds('red', [{ from: 1, color: 'green' }]);

function postgresToKafkaRow(builder: Builder): Builder {
  return builder
    .withRow(new RowBuilder('Postgres → Debezium → Kafka'))
    .withPanel(
      timeSeriesPanel({
        title: 'Debezium behind source',
        description: "Time between a change's commit in Postgres and Debezium processing it.",
        unit: units.Milliseconds,
        width: 12,
        queries: [
          {
            expr: 'max by (server) (debezium_streaming_milliseconds_behind_source)',
            legend: '{{server}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Debezium queue remaining capacity',
        description:
          'Free slots in the queue between the WAL reader and Kafka Connect (max.queue.size in the connector ' +
          'config). ' +
          'Near zero means Connect or Kafka is the bottleneck.',
        unit: units.Short,
        width: 12,
        min: 0,
        queries: [
          { expr: 'min by (server) (debezium_streaming_queue_remaining_capacity)', legend: '{{server}}' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Replication slot WAL retained',
        description:
          'WAL Postgres keeps for the slot (current LSN minus restart_lsn). It grows without bound while ' +
          'Debezium is away, and can fill the disk.',
        unit: units.BytesIEC,
        width: 9,
        queries: [
          { expr: 'max by (slot_name) (pg_replication_slot_retained_wal_bytes)', legend: '{{slot_name}}' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Replication slot confirmed-flush lag',
        description: 'WAL written but not yet confirmed by Debezium (current LSN minus confirmed_flush_lsn).',
        unit: units.BytesIEC,
        width: 9,
        queries: [
          {
            expr: 'max by (slot_name) (pg_replication_slot_confirmed_flush_lag_bytes)',
            legend: '{{slot_name}}',
          },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Debezium connected',
        description: "1 while Debezium's replication connection to Postgres is up.",
        unit: units.Bool,
        width: 3,
        height: 8,
        queries: [{ expr: 'min(debezium_streaming_connected)', legend: 'connected' }],
      }).thresholds(UP_OR_DOWN),
    )
    .withPanel(
      statPanel({
        title: 'Slot active',
        description: 'True while a client streams from the replication slot.',
        unit: units.Bool,
        width: 3,
        height: 8,
        queries: [{ expr: 'min(pg_replication_slot_active)', legend: 'active' }],
      }).thresholds(UP_OR_DOWN),
    );
}

function kafkaToTotalsRow(builder: Builder): Builder {
  return builder
    .withRow(new RowBuilder('Kafka → totals keeper'))
    .withPanel(
      timeSeriesPanel({
        title: 'Consumer lag per partition',
        description:
          "Each partition's log-end offset minus the next offset the totals keeper's own table says to apply. " +
          'Every keeper reports every partition from the same table, so several keepers are one line (max), not a sum.',
        unit: units.Short,
        width: 12,
        min: 0,
        queries: [
          { expr: 'max by (topic, partition) (totals_consumer_lag)', legend: '{{topic}} / {{partition}}' },
          { expr: 'sum(pipeline:consumer_lag:sum)', legend: 'all partitions' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Calculations not yet applied',
        description:
          'Calculations committed by the calculator and not yet in the running total: rows in its calculations ' +
          "table minus events in the totals keeper's ledger. Holds across restarts; both sides are read at most " +
          'every 10 s.',
        unit: units.Short,
        width: 12,
        queries: [{ expr: 'sum(pipeline:calculations_not_yet_applied)', legend: 'not yet applied' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Time in Kafka p99 per partition',
        description: "From the Kafka record's timestamp to the totals keeper receiving it, per partition.",
        unit: units.Seconds,
        width: 12,
        queries: [
          {
            expr: quantile(0.99, 'totals_kafka_time_in_topic_seconds', '', ['partition']),
            legend: 'partition {{partition}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'End-to-end latency p99 (5 min)',
        description:
          "From the calculator's commit to the totals keeper applying the event, 99th percentile over 5 minutes.",
        unit: units.Seconds,
        width: 12,
        queries: [{ expr: 'max(pipeline:end_to_end_latency_seconds:p99_5m)', legend: 'p99' }],
      }),
    );
}

export const LAG_UID = 'outbox-pipeline-lag';

export function lagDashboard(): Dashboard {
  const builder = pipelineDashboard(
    LAG_UID,
    'Outbox pipeline: lag',
    'How far behind each hop is: Debezium behind Postgres, WAL kept for the slot, the totals keeper ' +
      'behind Kafka, and calculations committed but not yet in the total.',
  );
  return buildNumbered(kafkaToTotalsRow(postgresToKafkaRow(builder)));
}
