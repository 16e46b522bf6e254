import { readFileSync } from 'node:fs';
import { ServerCredentials } from '@grpc/grpc-js';
import { z } from 'zod';

/** Both services read the same TLS variables: paths to PEM files, never the keys themselves. */
export const grpcTlsShape = {
  GRPC_TLS_CERT_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'PEM certificate the gRPC server presents; with GRPC_TLS_KEY_FILE it turns TLS on (unset: plaintext).',
    ),
  GRPC_TLS_KEY_FILE: z.string().min(1).optional().describe('PEM private key of GRPC_TLS_CERT_FILE.'),
  GRPC_TLS_CLIENT_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('PEM CA: when set, clients must present a certificate it signed (mutual TLS).'),
};

export interface GrpcTlsConfig {
  GRPC_TLS_CERT_FILE?: string | undefined;
  GRPC_TLS_KEY_FILE?: string | undefined;
  GRPC_TLS_CLIENT_CA_FILE?: string | undefined;
}

export type GrpcTransport = 'plaintext' | 'tls' | 'mutual-tls';

export interface GrpcListenSecurity {
  transport: GrpcTransport;
  credentials: ServerCredentials;
}

/**
 * Plaintext unless a certificate and key are configured. A half-configured TLS setup fails at start,
 * naming the missing variable, rather than falling back to plaintext.
 */
export function grpcListenSecurity(config: GrpcTlsConfig): GrpcListenSecurity {
  const { GRPC_TLS_CERT_FILE: cert, GRPC_TLS_KEY_FILE: key, GRPC_TLS_CLIENT_CA_FILE: clientCa } = config;
  if (!cert && !key && !clientCa)
    return { transport: 'plaintext', credentials: ServerCredentials.createInsecure() };
  if (!cert || !key)
    throw new Error(
      `Invalid configuration: GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together (${cert ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE'} is missing)`,
    );
  const read = (variable: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`Invalid configuration: ${variable}: cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const keyPair = {
    cert_chain: read('GRPC_TLS_CERT_FILE', cert),
    private_key: read('GRPC_TLS_KEY_FILE', key),
  };
  const ca = clientCa ? read('GRPC_TLS_CLIENT_CA_FILE', clientCa) : null;
  return {
    transport: ca ? 'mutual-tls' : 'tls',
    credentials: ServerCredentials.createSsl(ca, [keyPair], ca !== null),
  };
}

export function describeTransport(transport: GrpcTransport): string {
  switch (transport) {
    case 'plaintext':
      return 'plaintext gRPC; set GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE for TLS';
    case 'tls':
      return 'gRPC over TLS';
    case 'mutual-tls':
      return 'gRPC over mutual TLS: clients must present a certificate signed by GRPC_TLS_CLIENT_CA_FILE';
  }
}
