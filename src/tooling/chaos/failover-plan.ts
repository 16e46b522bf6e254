import { seededRandom } from '../load/seeded-random.ts';
import type { ReplicationMode } from '../stack/postgres-standby.ts';

/**
 * One failover of `npm run chaos -- --failover`: after a quiet spell, the standby is cut off from the
 * primary for `standbyCutMs` (the moment asynchronous replication falls behind), and while it is cut the
 * primary is SIGKILLed; the standby is promoted, the clients follow the switch, and the old primary
 * comes back as the new standby.
 */
export interface FailoverStep {
  quietBeforeMs: number;
  standbyCutMs: number;
}

export interface FailoverRunPlan {
  seed: number;
  ratePerSecond: number;
  steps: FailoverStep[];
  /** synchronous: the stack's setting. asynchronous: the demonstration of what it prevents. */
  replication: ReplicationMode;
  /** true: the connector's slot is a failover slot, as the stack makes it. false: the demonstration. */
  failoverSlot: boolean;
}

export function planFailovers(options: {
  seed: number;
  count: number;
  quietMs: [number, number];
  standbyCutMs: [number, number];
}): FailoverStep[] {
  const random = seededRandom(options.seed);
  const between = ([low, high]: [number, number]) => Math.round(low + random() * (high - low));
  return Array.from({ length: options.count }, () => ({
    quietBeforeMs: between(options.quietMs),
    standbyCutMs: between(options.standbyCutMs),
  }));
}

export const failoverRunName = (plan: Pick<FailoverRunPlan, 'replication' | 'failoverSlot'>) =>
  plan.replication === 'synchronous' && plan.failoverSlot
    ? 'failover'
    : `failover with ${[
        ...(plan.replication === 'asynchronous' ? ['asynchronous replication'] : []),
        ...(plan.failoverSlot ? [] : ['no failover slot']),
      ].join(' and ')}`;
