import { Client, Metadata, type ServiceError } from '@grpc/grpc-js';
import fc from 'fast-check';
import { Status } from 'nice-grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddRequest } from '../../src/generated/calculator/v1/calculator.pb.ts';
import { addRequestSchema } from '../../src/services/calculator/add-request-schema.ts';
import { MAX_REQUEST_BYTES } from '../../src/services/shared/grpc-server.ts';
import { grpcServing } from '../../src/services/shared/grpc-serving.ts';
import { ProcessSupervisor } from '../../src/tooling/stack/process-supervisor.ts';
import { calculatorTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { settings, useSettledHarness } from './pipeline-harness.ts';

const harness = useSettledHarness();
let client: Client;
beforeAll(() => {
  const target = calculatorTarget(settings);
  client = new Client(target.address, target.credentials, target.channelOptions);
});
afterAll(() => client.close());

/** Sends bytes as they are, as a broken or hostile client would, and returns the status code. */
function sendRaw(bytes: Uint8Array): Promise<{ code: Status; details: string }> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/calculator.v1.CalculatorService/Add',
      (message: Buffer) => message,
      (message: Buffer) => message,
      Buffer.from(bytes),
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error: ServiceError | null) =>
        resolve(
          error ? { code: error.code as number, details: error.details } : { code: Status.OK, details: '' },
        ),
    );
  });
}

/** What the calculator must answer, decided independently: protobuf decoding, then the schema. */
function expectedStatus(bytes: Uint8Array): Status {
  if (bytes.length > MAX_REQUEST_BYTES) return Status.RESOURCE_EXHAUSTED;
  let decoded: AddRequest;
  try {
    decoded = AddRequest.decode(bytes);
  } catch {
    return Status.INVALID_ARGUMENT;
  }
  return addRequestSchema.safeParse(decoded).success ? Status.OK : Status.INVALID_ARGUMENT;
}

async function calculatorPid(): Promise<number | undefined> {
  const supervisor = await ProcessSupervisor.connect(settings);
  try {
    return (await supervisor.find('calculator'))?.pid;
  } finally {
    supervisor.disconnect();
  }
}

const field = (number: number, wireType: number) => (number << 3) | wireType;
const text = (value: string) => [...new TextEncoder().encode(value)];

describe('malformed requests at the gRPC level', () => {
  it('answers each hand-made malformed message with INVALID_ARGUMENT', async () => {
    const cases: [string, number[]][] = [
      ['a sent as a varint', [field(1, 0), 1, field(2, 2), 1, 0x31]],
      ['a length past the end', [field(1, 2), 5, 0x31]],
      ['invalid UTF-8 in a', [field(1, 2), 2, 0xc3, 0x28, field(2, 2), 1, 0x31]],
      ['a truncated varint', [field(1, 0), 0xff, 0xff]],
      ['a field number of 0', [0x02, 1, 0x31]],
      ['an end-group tag with no group', [field(1, 4)]],
      ['only b', [field(2, 2), 1, 0x31]],
      ['a = "1e5"', [field(1, 2), 3, ...text('1e5'), field(2, 2), 1, 0x31]],
      ['b = "٣" (Arabic-Indic three)', [field(1, 2), 1, 0x31, field(2, 2), 2, ...text('٣')]],
      [
        'a 129-character idempotency key',
        [field(1, 2), 1, 0x31, field(2, 2), 1, 0x31, field(3, 2), 129, 1, ...text('k'.repeat(129))],
      ],
    ];
    for (const [what, bytes] of cases) {
      const answer = await sendRaw(Uint8Array.from(bytes));
      expect(answer.code, `${what}: ${answer.details}`).toBe(Status.INVALID_ARGUMENT);
    }
  });

  it('answers arbitrary bytes as decoding and validation say, writes nothing, and stays up', async () => {
    const pidBefore = await calculatorPid();
    const countBefore = await harness().calculationCount();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          // Valid framing with arbitrary field contents: gets past the decoder more often.
          fc
            .tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }))
            .map(([a, b, key]) => AddRequest.encode({ a, b, idempotencyKey: key }).finish()),
        ),
        async (bytes) => {
          const answer = await sendRaw(bytes);
          const expected = expectedStatus(bytes);
          if (expected === Status.OK) accepted += 1;
          expect(answer.code, answer.details).toBe(expected);
        },
      ),
      { numRuns: 400, seed: 20261125 },
    );
    const oversized = await sendRaw(new Uint8Array(MAX_REQUEST_BYTES + 1).fill(0x31));
    expect(oversized.code).toBe(Status.RESOURCE_EXHAUSTED);

    expect(await harness().calculationCount()).toBe(countBefore + accepted);
    await grpcServing(calculatorTarget(settings))();
    expect(await calculatorPid()).toBe(pidBefore);
  });
});
