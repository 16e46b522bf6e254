import { createClient } from 'nice-grpc';
import { HealthDefinition } from 'nice-grpc-server-health';
import { type GrpcTarget, openChannel } from './grpc-target.ts';

/** grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING */
const SERVING = 1;

/**
 * A check that the gRPC server at `target` says SERVING on its health service (`service`: '' for
 * readiness, `liveness` for liveness); it throws with the reason otherwise. The image's health check and
 * the local stack's readiness probe both use it.
 */
export const grpcServing =
  (target: GrpcTarget, service = ''): (() => Promise<void>) =>
  async () => {
    const channel = openChannel(target);
    try {
      const health = createClient(HealthDefinition, channel);
      const { status } = await health.check({ service }, { signal: AbortSignal.timeout(2_000) });
      if (status !== SERVING) throw new Error(`health status ${status}`);
    } finally {
      channel.close();
    }
  };
