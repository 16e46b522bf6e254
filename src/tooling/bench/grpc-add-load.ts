import type { GrpcTarget } from '../../services/shared/grpc-target.ts';
import { type ClosedLoopResult, runClosedLoop } from './closed-loop.ts';
import { GrpcAddSender } from './grpc-add-sender.ts';

/** `inFlight` callers sending Add with fresh idempotency keys for the duration. */
export async function measureAddCalls(options: {
  target: GrpcTarget;
  inFlight: number;
  warmupMs: number;
  durationMs: number;
}): Promise<ClosedLoopResult> {
  const sender = new GrpcAddSender(options.target);
  let sequence = 0;
  try {
    return await runClosedLoop({
      inFlight: options.inFlight,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      operation: () => sender.add(sequence++),
    });
  } finally {
    sender.close();
  }
}
