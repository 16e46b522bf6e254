import { readFileSync } from 'node:fs';
import { ChannelCredentials } from '@grpc/grpc-js';
import { type GrpcTarget, loopbackTlsTarget, plaintextTarget } from './grpc-target.ts';
import type { GrpcTlsConfig } from './grpc-tls.ts';

/**
 * How a service's own container health check reaches it on loopback, from the same variables the server
 * reads: plaintext when the server is, TLS when it serves TLS, presenting the server's own certificate
 * when it demands client certificates. The probe does not verify the server's certificate: it dials its
 * own process on 127.0.0.1, which a certificate issued for the service's DNS names would not match, and
 * it sends nothing but a health question. Callers from outside verify as usual.
 */
export function selfProbeTarget(address: string, config: GrpcTlsConfig): GrpcTarget {
  const { GRPC_TLS_CERT_FILE: cert, GRPC_TLS_KEY_FILE: key, GRPC_TLS_CLIENT_CA_FILE: clientCa } = config;
  if (!cert || !key) return plaintextTarget(address);
  const unverified = { rejectUnauthorized: false };
  const credentials = clientCa
    ? ChannelCredentials.createSsl(null, readFileSync(key), readFileSync(cert), unverified)
    : ChannelCredentials.createSsl(null, null, null, unverified);
  return loopbackTlsTarget(address, credentials);
}
