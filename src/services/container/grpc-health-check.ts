import { grpcServing } from '../shared/grpc-serving.ts';

/**
 * The container image's health check: asks the gRPC health service of the service in this container
 * whether it is SERVING. Exits 0 if so, 1 with the reason otherwise. Address: first argument, default
 * 127.0.0.1:50051 (the port both services listen on inside the image).
 */
const address = process.argv[2] ?? '127.0.0.1:50051';
try {
  await grpcServing(address)();
} catch (error) {
  console.error(`[health] ${address} is not serving: ${(error as Error).message}`);
  process.exit(1);
}
