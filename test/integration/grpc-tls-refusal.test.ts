import { ChannelCredentials } from '@grpc/grpc-js';
import { ClientError, createClient, Status } from 'nice-grpc';
import { HealthDefinition } from 'nice-grpc-server-health';
import { describe, expect, it } from 'vitest';
import {
  type GrpcTarget,
  loopbackTlsTarget,
  openChannel,
  plaintextTarget,
} from '../../src/services/shared/grpc-target.ts';
import { calculatorTarget, totalsTarget } from '../../src/tooling/stack/stack-grpc.ts';
import { settings } from './pipeline-harness.ts';

/** The status a health check over `target` ends with: OK when answered, else the call's error status. */
async function healthCallStatus(target: GrpcTarget): Promise<string> {
  const channel = openChannel(target);
  try {
    await createClient(HealthDefinition, channel).check(
      { service: '' },
      { signal: AbortSignal.timeout(5_000) },
    );
    return 'OK';
  } catch (error) {
    return error instanceof ClientError ? Status[error.code] : `no status: ${(error as Error).message}`;
  } finally {
    channel.close();
  }
}

const services = [
  ['calculator', () => calculatorTarget(settings)],
  ['totals keeper', () => totalsTarget(settings)],
] as const;

describe.each(services)('the %s’s gRPC server, secured', (_name, stackTarget) => {
  it('is secured: the stack runs with STACK_SECURITY=on', () => {
    expect(settings.secured, 'these checks need the secured stack (unset STACK_SECURITY)').toBe(true);
  });

  it('answers a client that trusts the stack’s CA', async () => {
    expect(await healthCallStatus(stackTarget())).toBe('OK');
  });

  it('refuses a plaintext call', async () => {
    expect(await healthCallStatus(plaintextTarget(stackTarget().address))).toBe('UNAVAILABLE');
  });

  it('is refused by a client that does not trust the stack’s CA', async () => {
    // The system's public roots: what a client without the stack's CA would trust.
    const untrusting = loopbackTlsTarget(stackTarget().address, ChannelCredentials.createSsl());
    expect(await healthCallStatus(untrusting)).toBe('UNAVAILABLE');
  });
});
