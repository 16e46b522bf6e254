import { Writable } from 'node:stream';
import { type Channel, createChannel, createClient, type Server } from 'nice-grpc';
import { HealthDefinition } from 'nice-grpc-server-health';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TotalsServiceDefinition } from '../../src/generated/totals/v1/totals.pb.ts';
import { serveGrpc } from '../../src/services/shared/grpc-server.ts';

const logLines: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  }),
);

// grpc.health.v1.HealthCheckResponse.ServingStatus
const SERVING = 1;
const NOT_SERVING = 2;

const implementation = {
  getTotal: async () => ({ total: '1.5', eventCount: 2n, lastAppliedAt: undefined, deadLetterCount: 0n }),
};

let served: Awaited<ReturnType<typeof serveGrpc<typeof TotalsServiceDefinition>>>;
let channel: Channel;

beforeAll(async () => {
  served = await serveGrpc({
    name: 'totals under test',
    definition: TotalsServiceDefinition,
    implementation,
    host: '127.0.0.1',
    port: 0,
    tls: {},
    logger,
  });
  channel = createChannel(served.address);
});

afterAll(async () => {
  channel?.close();
  await (served?.server as Server | undefined)?.shutdown();
});

describe('serveGrpc, the one way the services start their gRPC server', () => {
  it('listens on the port it was given (0: a free one) and serves the service', async () => {
    expect(served.address).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    const total = await createClient(TotalsServiceDefinition, channel).getTotal({});
    expect(total).toMatchObject({ total: '1.5', eventCount: 2n });
  });

  it("names the service by its definition's full name, NOT_SERVING until the caller says it is ready", async () => {
    expect(served.serviceNames).toEqual(['totals.v1.TotalsService']);
    const health = createClient(HealthDefinition, channel);
    expect((await health.check({ service: '' })).status).toBe(NOT_SERVING);
    served.health.setStatus('healthy');
    expect((await health.check({ service: '' })).status).toBe(SERVING);
  });

  it('logs one line saying where it listens and over what transport', () => {
    const listening = logLines.filter((line) => String(line.msg).includes('listening'));
    expect(listening).toHaveLength(1);
    expect(listening[0]).toMatchObject({
      address: served.address,
      transport: 'plaintext',
      msg: 'totals under test listening: plaintext gRPC; set GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE for TLS',
    });
  });

  it('refuses a half-configured TLS setup, naming the missing variable', async () => {
    await expect(
      serveGrpc({
        name: 'half TLS',
        definition: TotalsServiceDefinition,
        implementation,
        host: '127.0.0.1',
        port: 0,
        tls: { GRPC_TLS_CERT_FILE: '/nonexistent/cert.pem' },
        logger,
      }),
    ).rejects.toThrow(/GRPC_TLS_KEY_FILE is missing/);
  });
});
