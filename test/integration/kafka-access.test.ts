import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CALCULATION_EVENTS_TOPIC } from '../../src/services/shared/calculation-recorded-event.ts';
import { TOTALS_GROUP } from '../../src/tooling/stack/kafka-acls.ts';
import { KAFKA_USERS } from '../../src/tooling/stack/kafka-principals.ts';
import { stackTlsFiles } from '../../src/tooling/stack/stack-certificates.ts';
import { stackKafka } from '../../src/tooling/stack/stack-kafka-client.ts';
import { settings } from './pipeline-harness.ts';

// Short and without retries: a refusal must show as the refusal, not as a timeout after retries.
const ONE_TRY = { connectionTimeout: 3_000, authenticationTimeout: 3_000, retry: { retries: 0 } };
// A logged-in client needs a retry to learn the brokers before it finds a group's coordinator; kafkajs
// never retries an authorization error, so a refusal still shows at once.
const LOGGED_IN = { connectionTimeout: 3_000, retry: { retries: 3, initialRetryTime: 100 } };

function client(security: Pick<KafkaConfig, 'ssl' | 'sasl'>): Kafka {
  return new Kafka({
    clientId: 'access-test',
    brokers: [settings.kafkaBootstrap],
    logLevel: logLevel.NOTHING,
    ...ONE_TRY,
    ...security,
  });
}

async function withAdmin<T>(
  kafka: Kafka,
  use: (admin: ReturnType<Kafka['admin']>) => Promise<T>,
): Promise<T> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

const topicOffsets = (kafka: Kafka) =>
  withAdmin(kafka, (admin) => admin.fetchTopicOffsets(CALCULATION_EVENTS_TOPIC));

describe("Kafka's client listener", () => {
  it('runs secured in this stack (STACK_SECURITY is not off)', () => {
    expect(settings.secured).toBe(true);
  });

  // The broker's TLS listener drops a client that does not start a TLS handshake.
  it('refuses a plaintext client', async () => {
    await expect(topicOffsets(client({}))).rejects.toThrow(/connection|closed|socket/i);
  });

  it('refuses a TLS client that does not log in (no SASL)', async () => {
    const tlsOnly = client({ ssl: { ca: [readCa()] } });
    await expect(topicOffsets(tlsOnly)).rejects.toThrow(/connection|closed|socket/i);
  });

  it('refuses the admin with a wrong password', async () => {
    const wrong = client({
      ssl: { ca: [readCa()] },
      sasl: { mechanism: 'scram-sha-512', username: KAFKA_USERS.admin, password: 'not-the-password' },
    });
    await expect(topicOffsets(wrong)).rejects.toThrow(
      /SASL SCRAM SHA512 authentication failed|Authentication failed/i,
    );
  });

  it('admits the admin with its password', async () => {
    const offsets = await topicOffsets(stackKafka(settings, { clientId: 'access-test', ...LOGGED_IN }));
    expect(offsets.length).toBeGreaterThan(0);
  });
});

describe('the totals principal', () => {
  const totals = stackKafka(settings, { clientId: 'access-test', principal: 'totals', ...LOGGED_IN });

  it('may see the event topic and its own group', async () => {
    expect((await topicOffsets(totals)).length).toBeGreaterThan(0);
    const group = await withAdmin(totals, (admin) => admin.fetchOffsets({ groupId: TOTALS_GROUP }));
    expect(group.length).toBeGreaterThan(0);
  });

  it(`may not produce to ${CALCULATION_EVENTS_TOPIC}`, async () => {
    const producer = totals.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
    await producer.connect();
    try {
      await expect(
        producer.send({
          topic: CALCULATION_EVENTS_TOPIC,
          acks: -1,
          messages: [{ key: 'intruder', value: '{}' }],
        }),
      ).rejects.toThrow(/not authorized|authorization/i);
    } finally {
      await producer.disconnect();
    }
  });
});

describe('the connect principal', () => {
  const connect = stackKafka(settings, { clientId: 'access-test', principal: 'connect', ...LOGGED_IN });

  it('may see the event topic it writes', async () => {
    expect((await topicOffsets(connect)).length).toBeGreaterThan(0);
  });

  it("may not read the totals keeper's group", async () => {
    // kafkajs reports a refused coordinator lookup as "Failed to find group coordinator"; the broker's
    // own answer is in its debug log, which is where this test reads the reason.
    const errorTypes: string[] = [];
    const watched = stackKafka(settings, {
      clientId: 'access-test',
      principal: 'connect',
      ...LOGGED_IN,
      logLevel: logLevel.DEBUG,
      logCreator: () => (entry) => {
        const type = (entry.log as { error?: { type?: string } }).error?.type;
        if (type) errorTypes.push(type);
      },
    });
    await expect(
      withAdmin(watched, (admin) => admin.fetchOffsets({ groupId: TOTALS_GROUP })),
    ).rejects.toThrow();
    expect(errorTypes).toContain('GROUP_AUTHORIZATION_FAILED');
  });
});

function readCa(): Buffer {
  return readFileSync(stackTlsFiles(settings).caFile);
}
