import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { TELEMETRY_MODULE } from '../../services/container/container-commands.ts';
import { grpcServing } from '../../services/shared/grpc-serving.ts';
import type { GrpcTarget } from '../../services/shared/grpc-target.ts';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { SERVICE_HEAP_FLAGS } from '../../services/shared/service-node-flags.ts';
import { waitUntil } from '../stack/readiness-probes.ts';
import { stackGrpcServerEnv, stackGrpcTarget } from '../stack/stack-grpc.ts';
import type { StackSettings } from '../stack/stack-settings.ts';

export interface BenchProcess {
  name: string;
  /** Reached as the stack's own servers are: over TLS unless STACK_SECURITY=off. */
  target: GrpcTarget;
  pid: number;
  log: string;
  stop(): Promise<void>;
}

/** A free loopback port: bind to port 0, read it, release it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * One of the project's gRPC servers started for a measurement, with its log in the bench folder,
 * ready when its health service says SERVING. It serves gRPC as the stack's servers do (TLS unless
 * STACK_SECURITY=off), so what it measures includes what the stack's transport costs.
 */
export async function startBenchServer(options: {
  settings: StackSettings;
  name: string;
  entry: string;
  portVariable: string;
  env: Record<string, string>;
  logDir: string;
  /** Node options beyond the stack's own (its heap caps, telemetry loaded first), such as `--cpu-prof`. */
  nodeFlags?: string[];
}): Promise<BenchProcess> {
  const port = await freePort();
  const target = stackGrpcTarget(options.settings, `127.0.0.1:${port}`);
  mkdirSync(options.logDir, { recursive: true });
  const log = path.join(options.logDir, `${options.name}.log`);
  const output = createWriteStream(log);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...SERVICE_HEAP_FLAGS,
      ...(options.nodeFlags ?? []),
      `--import=${path.join(PROJECT_ROOT, TELEMETRY_MODULE)}`,
      path.join(PROJECT_ROOT, options.entry),
    ],
    {
      env: {
        ...process.env,
        ...stackGrpcServerEnv(options.settings),
        ...options.env,
        [options.portVariable]: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(output);
  child.stderr?.pipe(output);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      waitUntil(grpcServing(target), 60_000),
      exited.then(() => {
        throw new Error(`${options.name} exited while starting; see ${log}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name: options.name,
    target,
    pid: child.pid as number,
    log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
