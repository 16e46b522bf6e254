import { metrics } from '@opentelemetry/api';
import { DEAD_LETTER_CATEGORIES } from './decode-message.ts';

const meter = metrics.getMeter('outbox-pipeline/totals');

// Both latency histograms need a 1 s boundary: the end-to-end SLO counts events applied within 1 s.
const LATENCY_BOUNDARIES = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** The totals keeper's own instruments; names and units are listed in docs/metrics.md. */
export const totalsMetrics = {
  eventsApplied: meter.createCounter('totals.events.applied', {
    description: 'Events added to the running total.',
    unit: '{event}',
  }),
  eventsDuplicates: meter.createCounter('totals.events.duplicates', {
    description: 'Events skipped because the ledger already had them.',
    unit: '{event}',
  }),
  eventsDeadLettered: meter.createCounter('totals.events.dead_lettered', {
    description: 'Records set aside in dead_letters, by reason.',
    unit: '{record}',
  }),
  endToEndDuration: meter.createHistogram('totals.end_to_end.duration', {
    description:
      "From the calculation's occurredAt, stamped by the calculator, to the commit that applied it.",
    unit: 's',
    advice: { explicitBucketBoundaries: LATENCY_BOUNDARIES },
  }),
  timeInTopic: meter.createHistogram('totals.kafka.time_in_topic', {
    description: "From the Kafka record's timestamp to the totals keeper receiving it.",
    unit: 's',
    advice: { explicitBucketBoundaries: LATENCY_BOUNDARIES },
  }),
  consumerLag: meter.createObservableGauge('totals.consumer.lag', {
    description:
      "A partition's log-end offset minus the next offset the totals keeper's table says to apply.",
    unit: '{message}',
  }),
  runningTotal: meter.createObservableGauge('totals.running_total', {
    description: 'The running total as a float; GetTotal gives the exact value.',
  }),
  offsetGaps: meter.createObservableGauge('totals.offset.gaps', {
    description:
      'Offsets of a partition that Kafka no longer has and the totals keeper never applied; while above 0 the partition is stopped.',
    unit: '{offset}',
  }),
  eventsInLedger: meter.createObservableGauge('totals.events.in_ledger', {
    description: "Events in the totals keeper's ledger.",
    unit: '{event}',
  }),
};

// Every counter exists from the start at zero, so a rate or an alert on it has a series before the
// first event (a dead letter especially: its alert must see 0 turn into 1).
totalsMetrics.eventsApplied.add(0);
totalsMetrics.eventsDuplicates.add(0);
for (const reason of DEAD_LETTER_CATEGORIES) totalsMetrics.eventsDeadLettered.add(0, { reason });
