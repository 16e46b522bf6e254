import { describe, expect, it } from 'vitest';
import { describeStackSecurity } from '../../src/tooling/stack/security-components.ts';
import { loadStackSettings } from '../../src/tooling/stack/stack-settings.ts';

describe('the line a start ends with about security', () => {
  it('names the protection of each kind of hop and the CA to trust when secured', () => {
    const line = describeStackSecurity(loadStackSettings({ STACK_DATA_DIR: '/tmp/secured-stack' }));
    expect(line).toMatch(/^secured: gRPC and Postgres over TLS, Kafka over SASL_SSL with ACLs/);
    expect(line).toContain('/tmp/secured-stack/tls/ca.crt');
  });

  it('says loudly that nothing is protected when STACK_SECURITY=off', () => {
    const line = describeStackSecurity(loadStackSettings({ STACK_SECURITY: 'off' }));
    expect(line).toContain('PLAINTEXT and UNAUTHENTICATED');
  });

  it('refuses a value of STACK_SECURITY other than on or off, naming it', () => {
    expect(() => loadStackSettings({ STACK_SECURITY: 'yes' })).toThrow(/STACK_SECURITY/);
  });
});
