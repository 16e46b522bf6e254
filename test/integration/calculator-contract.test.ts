import { createClient, Status } from 'nice-grpc';
import { HealthDefinition } from 'nice-grpc-server-health';
import { ServerReflectionService } from 'nice-grpc-server-reflection';
import { ServerReflectionRequest } from 'nice-grpc-server-reflection/lib/proto/grpc/reflection/v1/reflection_pb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcTarget, openChannel } from '../../src/services/shared/grpc-target.ts';
import { calculatorTarget, totalsTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { type Harness, openHarness, settings } from './pipeline-harness.ts';

let harness: Harness;
beforeAll(() => {
  harness = openHarness();
});
afterAll(async () => {
  await harness.close();
});

async function rejection(call: Promise<unknown>): Promise<{ code: Status; details: string }> {
  try {
    await call;
  } catch (error) {
    return error as { code: Status; details: string };
  }
  throw new Error('expected the call to fail');
}

async function listServices(target: GrpcTarget): Promise<string[]> {
  const channel = openChannel(target);
  try {
    const reflection = createClient(ServerReflectionService, channel);
    const request = new ServerReflectionRequest();
    request.setListServices('*');
    for await (const response of reflection.serverReflectionInfo(
      (async function* () {
        yield request;
      })(),
    )) {
      return (
        response
          .getListServicesResponse()
          ?.getServiceList()
          .map((service) => service.getName()) ?? []
      );
    }
    return [];
  } finally {
    channel.close();
  }
}

describe('the calculator and the totals keeper', () => {
  it('serve gRPC health and reflection', async () => {
    for (const target of [calculatorTarget(settings), totalsTarget(settings)]) {
      const channel = openChannel(target);
      const health = await createClient(HealthDefinition, channel).check({ service: '' });
      channel.close();
      expect(health.status).toBe(1);
    }
    expect(await listServices(calculatorTarget(settings))).toContain('calculator.v1.CalculatorService');
    expect(await listServices(totalsTarget(settings))).toContain('totals.v1.TotalsService');
  });

  it('adds exactly and answers with the calculation id', async () => {
    const response = await harness.calculator.add({ a: '0.1', b: '0.2', idempotencyKey: '' });
    expect(response.sum).toBe('0.3');
    expect(response.calculationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects bad input with INVALID_ARGUMENT naming the field, and writes nothing', async () => {
    const before = await harness.calculationCount();
    const bad = [
      { a: '', b: '1' },
      { a: '1e5', b: '1' },
      { a: '1', b: 'NaN' },
      { a: 'Infinity', b: '1' },
      { a: '+1', b: '1' },
      { a: ' 1', b: '1' },
      { a: '1', b: '\u0661' },
      { a: '1'.repeat(31), b: '1' },
      { a: '1', b: `0.${'1'.repeat(19)}` },
    ];
    for (const operands of bad) {
      const error = await rejection(harness.calculator.add({ ...operands, idempotencyKey: '' }));
      expect(error.code).toBe(Status.INVALID_ARGUMENT);
      expect(error.details).toMatch(operands.a === '1' ? /^b: / : /^a: /);
    }
    const oversized = await rejection(
      harness.calculator.add({ a: '1'.repeat(10 * 1024 * 1024), b: '1', idempotencyKey: '' }),
    );
    expect(oversized.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(await harness.calculationCount()).toBe(before);
  });

  it('answers a retry with the same idempotency key from the first call, writing nothing new', async () => {
    const key = `contract-${Date.now()}-${Math.random()}`;
    const first = await harness.calculator.add({
      a: '-7.25',
      b: '0.000000000000000001',
      idempotencyKey: key,
    });
    const before = await harness.calculationCount();
    const retries = await Promise.all(
      Array.from({ length: 5 }, () =>
        harness.calculator.add({ a: '-7.250', b: '0.000000000000000001', idempotencyKey: key }),
      ),
    );
    for (const retry of retries) expect(retry).toEqual(first);
    expect(await harness.calculationCount()).toBe(before);

    const conflict = await rejection(harness.calculator.add({ a: '1', b: '2', idempotencyKey: key }));
    expect(conflict.code).toBe(Status.FAILED_PRECONDITION);
    expect(conflict.details).toContain('idempotency_key');
  });

  it('records concurrent first uses of one key once', async () => {
    const key = `race-${Date.now()}-${Math.random()}`;
    const before = await harness.calculationCount();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => harness.calculator.add({ a: '3', b: '4', idempotencyKey: key })),
    );
    expect(new Set(answers.map((answer) => answer.calculationId)).size).toBe(1);
    expect(await harness.calculationCount()).toBe(before + 1);
  });
});
