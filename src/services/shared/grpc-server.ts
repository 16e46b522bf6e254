import { readFileSync } from 'node:fs';
import type { ServerCredentials } from '@grpc/grpc-js';
import { createServer, type Server } from 'nice-grpc';
import { HealthDefinition, HealthServiceImpl, HealthState } from 'nice-grpc-server-health';
import { ServerReflection, ServerReflectionService } from 'nice-grpc-server-reflection';
import { errorHandlingMiddleware } from './grpc-error-middleware.ts';
import { grpcTelemetryMiddleware } from './grpc-telemetry-middleware.ts';
import type { Logger } from './logger.ts';
import { rejectUndecodableRequests } from './undecodable-requests.ts';

const DESCRIPTOR_SET = new URL('../../generated/calculator-and-totals.binpb', import.meta.url);

/** Largest request we accept: two 50-character numbers and a key fit in far less. */
export const MAX_REQUEST_BYTES = 16 * 1024;

/**
 * A nice-grpc server with the standard health service and server reflection, so grpcurl and k6 can
 * call it without the .proto files. Services are added by the caller, then it listens.
 */
export function createGrpcServer(serviceNames: string[], logger: Logger) {
  const server = createServer({
    'grpc.max_receive_message_length': MAX_REQUEST_BYTES,
  })
    // Outermost, so it sees the status the caller gets after the error middleware has mapped it.
    .use(grpcTelemetryMiddleware)
    .use(errorHandlingMiddleware(logger))
    .use(rejectUndecodableRequests);
  const health = HealthState();
  // Not serving until the caller says it is ready (database migrated, consumer running).
  health.setStatus('unhealthy');
  server.add(HealthDefinition, HealthServiceImpl(health));
  server.add(
    ServerReflectionService,
    ServerReflection(readFileSync(DESCRIPTOR_SET), [...serviceNames, 'grpc.health.v1.Health']),
  );
  return { server, health };
}

/** Listens and returns the bound address (port 0 picks a free port, as tests do). */
export async function listen(
  server: Server,
  host: string,
  port: number,
  credentials?: ServerCredentials,
): Promise<string> {
  const boundPort = await server.listen(`${host}:${port}`, credentials);
  return `${host}:${boundPort}`;
}
