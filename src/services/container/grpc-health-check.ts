import { grpcServing } from '../shared/grpc-serving.ts';
import { grpcTlsShape } from '../shared/grpc-tls.ts';
import { loadConfig } from '../shared/load-config.ts';
import { selfProbeTarget } from '../shared/self-probe-target.ts';

/**
 * The container image's health check: asks the gRPC health service of the service in this container
 * whether it is SERVING. Exits 0 if so, 1 with the reason otherwise. Arguments: the address (default
 * 127.0.0.1:50051, the port both services listen on inside the image) and the health service name
 * (default '', readiness; `liveness` for a liveness probe). It speaks TLS when the service does, from the
 * service's own GRPC_TLS_* variables, which is why Kubernetes runs it rather than its TLS-less `grpc:` probe.
 */
const address = process.argv[2] ?? '127.0.0.1:50051';
const service = process.argv[3] ?? '';
try {
  await grpcServing(selfProbeTarget(address, loadConfig(grpcTlsShape)), service)();
} catch (error) {
  console.error(`[health] ${address} is not serving: ${(error as Error).message}`);
  process.exit(1);
}
