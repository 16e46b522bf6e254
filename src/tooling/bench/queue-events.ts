import { calculatorTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import { measureAddCalls } from './grpc-add-load.ts';
import type { PipelinePositionProbe } from './pipeline-position.ts';

/** Sends additions until at least `events` of them are in Kafka, past `inKafkaBefore`. */
export async function queueEvents(
  settings: StackSettings,
  probe: PipelinePositionProbe,
  inKafkaBefore: number,
  events: number,
  log: (line: string) => void,
): Promise<void> {
  let sent = 0;
  for (let round = 1; sent < events; round++) {
    if (round % 5 === 0) log(`queueing events: ${sent} of ${events} sent`);
    const calls = await measureAddCalls({
      target: calculatorTarget(settings),
      inFlight: 64,
      warmupMs: 0,
      durationMs: 2_000,
    });
    sent += calls.completed;
  }
  let queued = await probe.read();
  while (queued.inKafka - inKafkaBefore < sent) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    queued = await probe.read();
  }
  log(`${queued.inKafka - inKafkaBefore} events queued in Kafka`);
}
