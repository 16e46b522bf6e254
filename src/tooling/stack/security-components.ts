import { ensureStackCertificates } from './stack-certificates.ts';
import type { Component, ComponentContext } from './stack-component.ts';

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
