import { readFileSync } from 'node:fs';
import type { ServerCredentials } from '@grpc/grpc-js';
import {
  createServer,
  type Server,
  type ServiceImplementation,
  type TsProtoServiceDefinition,
} from 'nice-grpc';
import { HealthDefinition, HealthServiceImpl, HealthState } from 'nice-grpc-server-health';
import { ServerReflection, ServerReflectionService } from 'nice-grpc-server-reflection';
import { errorHandlingMiddleware } from './grpc-error-middleware.ts';
import { grpcTelemetryMiddleware } from './grpc-telemetry-middleware.ts';
import { describeTransport, type GrpcTlsConfig, grpcListenSecurity } from './grpc-tls.ts';
import type { Logger } from './logger.ts';
import { decodingSafely, rejectUndecodableRequests } from './undecodable-requests.ts';

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
    // Channelz keeps per-call counters and call traces that nothing here reads: CPU on every call.
    'grpc.enable_channelz': 0,
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

export interface ServeGrpcOptions<Service extends TsProtoServiceDefinition> {
  /** Who is listening, as the log line says it: `<name> listening: <transport>`. */
  name: string;
  definition: Service;
  implementation: ServiceImplementation<Service>;
  host: string;
  port: number;
  /** The `GRPC_TLS_*` settings: plaintext, TLS or mutual TLS. */
  tls: GrpcTlsConfig;
  logger: Logger;
}

/**
 * The one way the services start their gRPC server: health and reflection, the service with requests
 * that are not protobuf answered INVALID_ARGUMENT, TLS as configured, listening, and one log line saying
 * where and how. Health stays NOT_SERVING until the caller says it is ready.
 */
export async function serveGrpc<Service extends TsProtoServiceDefinition>(
  options: ServeGrpcOptions<Service>,
) {
  const serviceNames = [options.definition.fullName];
  const { server, health } = createGrpcServer(serviceNames, options.logger);
  server.add(decodingSafely(options.definition), options.implementation);
  const security = grpcListenSecurity(options.tls);
  const address = await listen(server, options.host, options.port, security.credentials);
  options.logger.info(
    { address, transport: security.transport },
    `${options.name} listening: ${describeTransport(security.transport)}`,
  );
  return { server, health, serviceNames, address };
}
