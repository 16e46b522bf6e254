import { readFileSync } from 'node:fs';
import { ChannelCredentials } from '@grpc/grpc-js';
import { type GrpcTarget, loopbackTlsTarget, plaintextTarget } from '../../services/shared/grpc-target.ts';
import { instanceAddresses } from './service-instances.ts';
import { stackTlsFiles } from './stack-certificates.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * gRPC as the local stack speaks it, for its servers and every client of the project (demo, k6, bench,
 * chaos, readiness checks, tests): TLS with the data folder's certificate when secured, plaintext when
 * STACK_SECURITY=off. GRPC_TLS_CA_FILE makes the clients trust another CA, for servers of your own.
 */
export function stackGrpcCaFile(settings: StackSettings): string | undefined {
  return settings.GRPC_TLS_CA_FILE ?? (settings.secured ? stackTlsFiles(settings).caFile : undefined);
}

/** A client's way to `address`, a loopback address of the stack or of a server the user runs. */
export function stackGrpcTarget(settings: StackSettings, address: string): GrpcTarget {
  const caFile = stackGrpcCaFile(settings);
  if (caFile === undefined) return plaintextTarget(address);
  return loopbackTlsTarget(address, ChannelCredentials.createSsl(readCa(caFile)));
}

/**
 * The calculator as the project's clients call it: with several instances, one channel over all of them
 * that sends each call to the next (round-robin), as a Kubernetes Service spreads load over its pods.
 */
export function calculatorTarget(settings: StackSettings): GrpcTarget {
  const addresses = instanceAddresses(settings, 'calculator');
  if (addresses.length === 1) return stackGrpcTarget(settings, settings.calculatorAddress);
  const target = stackGrpcTarget(settings, `ipv4:${addresses.join(',')}`);
  return {
    ...target,
    channelOptions: {
      ...target.channelOptions,
      'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    },
  };
}

/** The first totals keeper: every keeper answers GetTotal from the same database. */
export const totalsTarget = (settings: StackSettings) => stackGrpcTarget(settings, settings.totalsAddress);

/** The variables that make one of the project's gRPC servers, run by the stack or the bench, serve TLS. */
export function stackGrpcServerEnv(settings: StackSettings): Record<string, string> {
  if (!settings.secured) return {};
  const files = stackTlsFiles(settings);
  return { GRPC_TLS_CERT_FILE: files.serverCertFile, GRPC_TLS_KEY_FILE: files.serverKeyFile };
}

function readCa(caFile: string): Buffer {
  try {
    return readFileSync(caFile);
  } catch (error) {
    throw new Error(
      `cannot read the gRPC CA ${caFile} (GRPC_TLS_CA_FILE, or the stack's own with STACK_SECURITY=on; ` +
        `is the stack up?): ${(error as Error).message}`,
    );
  }
}
