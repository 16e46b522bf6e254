import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChannelCredentials } from '@grpc/grpc-js';
import { createChannel, createClient, type Server } from 'nice-grpc';
import { HealthDefinition } from 'nice-grpc-server-health';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcServer, listen } from '../../src/services/shared/grpc-server.ts';
import { grpcServing } from '../../src/services/shared/grpc-serving.ts';
import { type GrpcTlsConfig, grpcListenSecurity } from '../../src/services/shared/grpc-tls.ts';
import { createLogger } from '../../src/services/shared/logger.ts';
import { selfProbeTarget } from '../../src/services/shared/self-probe-target.ts';

let dir: string;
const file = (name: string) => path.join(dir, name);
const pem = (name: string) => readFileSync(file(name));

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** `openssl req` arguments for a new P-256 key, unencrypted, written to `<name>.key`. */
const newKey = (name: string) => [
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:prime256v1',
  '-nodes',
  '-keyout',
  `${name}.key`,
];

/** A certificate authority, and a certificate it signs for `name` (a server's SAN covers 127.0.0.1). */
function makeCa(name: string): void {
  openssl('req', '-x509', ...newKey(name), '-out', `${name}.crt`, '-days', '1', '-subj', `/CN=${name}`);
}
function makeCertificate(name: string, ca: string, extension: string): void {
  writeFileSync(file(`${name}.ext`), `${extension}\n`);
  openssl('req', ...newKey(name), '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
  );
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'grpc-tls-'));
  makeCa('test-ca');
  makeCa('other-ca');
  makeCertificate('server', 'test-ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  makeCertificate('client', 'test-ca', 'extendedKeyUsage=clientAuth');
  makeCertificate('stranger', 'other-ca', 'extendedKeyUsage=clientAuth');
  makeCertificate('named-server', 'test-ca', 'subjectAltName=DNS:calculator');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: Server | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

async function serve(config: GrpcTlsConfig): Promise<string> {
  const grpc = createGrpcServer([], createLogger('test', 'fatal'));
  grpc.health.setStatus('healthy');
  server = grpc.server;
  const security = grpcListenSecurity(config);
  const address = await listen(server, '127.0.0.1', 0, security.credentials);
  return address.replace('127.0.0.1', 'localhost');
}

async function healthCheck(address: string, credentials: ChannelCredentials): Promise<string> {
  const channel = createChannel(address, credentials);
  try {
    const health = createClient(HealthDefinition, channel);
    const response = await health.check({ service: '' }, { signal: AbortSignal.timeout(5_000) });
    return String(response.status);
  } finally {
    channel.close();
  }
}

const serverFiles = () => ({ GRPC_TLS_CERT_FILE: file('server.crt'), GRPC_TLS_KEY_FILE: file('server.key') });

describe('gRPC over TLS', () => {
  it('serves clients that trust its CA and refuses plaintext', async () => {
    const address = await serve(serverFiles());
    expect(await healthCheck(address, ChannelCredentials.createSsl(pem('test-ca.crt')))).toBe('1');
    await expect(healthCheck(address, ChannelCredentials.createInsecure())).rejects.toThrow();
  });

  it('with a client CA, serves only clients whose certificate that CA signed', async () => {
    const address = await serve({ ...serverFiles(), GRPC_TLS_CLIENT_CA_FILE: file('test-ca.crt') });
    const withCertificate = (name: string) =>
      ChannelCredentials.createSsl(pem('test-ca.crt'), pem(`${name}.key`), pem(`${name}.crt`));
    expect(await healthCheck(address, withCertificate('client'))).toBe('1');
    await expect(healthCheck(address, ChannelCredentials.createSsl(pem('test-ca.crt')))).rejects.toThrow();
    await expect(healthCheck(address, withCertificate('stranger'))).rejects.toThrow();
  });

  it('reports which transport it chose', () => {
    expect(grpcListenSecurity({}).transport).toBe('plaintext');
    expect(grpcListenSecurity(serverFiles()).transport).toBe('tls');
    expect(
      grpcListenSecurity({ ...serverFiles(), GRPC_TLS_CLIENT_CA_FILE: file('test-ca.crt') }).transport,
    ).toBe('mutual-tls');
  });

  it('refuses a half-made TLS configuration, naming what is missing or unreadable', () => {
    expect(() => grpcListenSecurity({ GRPC_TLS_CERT_FILE: file('server.crt') })).toThrow(
      /GRPC_TLS_KEY_FILE is missing/,
    );
    expect(() => grpcListenSecurity({ GRPC_TLS_CLIENT_CA_FILE: file('test-ca.crt') })).toThrow(
      /GRPC_TLS_CERT_FILE is missing/,
    );
    expect(() => grpcListenSecurity({ ...serverFiles(), GRPC_TLS_KEY_FILE: file('nope.key') })).toThrow(
      /GRPC_TLS_KEY_FILE: cannot read/,
    );
  });
});

describe("a container's health check of its own service", () => {
  const namedServerFiles = () => ({
    GRPC_TLS_CERT_FILE: file('named-server.crt'),
    GRPC_TLS_KEY_FILE: file('named-server.key'),
  });
  const probe = (address: string, config: GrpcTlsConfig) =>
    grpcServing(selfProbeTarget(address.replace('localhost', '127.0.0.1'), config))();

  it('speaks plaintext to a plaintext server', async () => {
    await expect(probe(await serve({}), {})).resolves.toBeUndefined();
  });

  it('reaches a TLS server on 127.0.0.1 although its certificate names only the service', async () => {
    const address = await serve(namedServerFiles());
    await expect(probe(address, namedServerFiles())).resolves.toBeUndefined();
    await expect(probe(address, {})).rejects.toThrow();
  });

  it('presents the server certificate to a server that demands client certificates', async () => {
    const config = { ...namedServerFiles(), GRPC_TLS_CLIENT_CA_FILE: file('test-ca.crt') };
    const address = await serve(config);
    await expect(probe(address, config)).resolves.toBeUndefined();
    await expect(probe(address, namedServerFiles())).rejects.toThrow();
  });
});
