import { ensureStackCertificates, stackTlsFiles } from './stack-certificates.ts';
import type { Component, ComponentContext } from './stack-component.ts';
import type { StackSettings } from './stack-settings.ts';

const INSECURE_WARNING = [
  '!!! STACK_SECURITY=off: every hop of this stack is PLAINTEXT and UNAUTHENTICATED !!!',
  '!!! (Kafka without SASL/TLS or ACLs, Postgres without TLS, gRPC without TLS).     !!!',
  '!!! For debugging only; unset STACK_SECURITY to secure it again.                 !!!',
];

/** The stack's CA and server certificate, made before any part that presents or trusts them. */
export function stackSecurity({ settings, log }: ComponentContext): Component {
  return {
    name: 'tls',
    afterReady: async () => {
      if (settings.secured) ensureStackCertificates(settings, log);
      else for (const line of INSECURE_WARNING) log(line);
    },
  };
}

/** One line for the end of a start: how the stack's hops are protected, and the CA a client must trust. */
export function describeStackSecurity(settings: StackSettings): string {
  if (!settings.secured)
    return 'STACK_SECURITY=off: every hop is PLAINTEXT and UNAUTHENTICATED (debugging only)';
  return (
    'secured: gRPC and Postgres over TLS, Kafka over SASL_SSL with ACLs; clients trust the CA ' +
    `${stackTlsFiles(settings).caFile}, passwords are in ${settings.dataDir}/secrets.json (see docs/security.md)`
  );
}
