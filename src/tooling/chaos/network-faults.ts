import pg from 'pg';
import { type ICreateToxicBody, type ToxicType, Toxiproxy } from 'toxiproxy-node-client';
import { adminUrl, CALCULATOR_ROLE, DEBEZIUM_ROLE, TOTALS_ROLE } from '../stack/database-urls.ts';
import { FAULT_LINKS, type FaultLink } from '../stack/fault-proxies.ts';
import type { StackSecrets } from '../stack/stack-secrets.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import type { NetworkFault } from './fault-plan.ts';

/** The Postgres role each Postgres link's client logs in as: whose sessions a slow close ends. */
const POSTGRES_LINK_ROLES: Partial<Record<FaultLink, string>> = {
  'calculator-postgres': CALCULATOR_ROLE,
  'totals-postgres': TOTALS_ROLE,
  'connect-postgres': DEBEZIUM_ROLE,
};

const DIRECTIONS = ['upstream', 'downstream'] as const;

function toxicsFor(fault: NetworkFault): ICreateToxicBody<unknown>[] {
  const both = (type: ToxicType, attributes: object) =>
    DIRECTIONS.map((stream) => ({ name: `chaos-${type}-${stream}`, type, stream, toxicity: 1, attributes }));
  switch (fault.kind) {
    case 'partition':
      return [];
    case 'half-open':
      // timeout 0: hold every byte and never close.
      return both('timeout', { timeout: 0 });
    case 'latency':
      return [
        {
          name: 'chaos-latency-downstream',
          type: 'latency',
          stream: 'downstream',
          toxicity: 1,
          attributes: { latency: fault.latencyMs, jitter: fault.jitterMs },
        },
      ];
    case 'bandwidth':
      return both('bandwidth', { rate: fault.rateKBps });
    case 'reset-peer':
      return both('reset_peer', { timeout: 0 });
    case 'slow-close':
      return both('slow_close', { delay: fault.delayMs });
  }
}

/** How a network fault's figures read in a report: "latency 640 ± 160 ms". */
export function describeNetworkFault(fault: NetworkFault): string {
  switch (fault.kind) {
    case 'latency':
      return `${fault.latencyMs} ± ${fault.jitterMs} ms`;
    case 'bandwidth':
      return `${fault.rateKBps} KB/s`;
    case 'slow-close':
      return `closes ${fault.delayMs} ms late`;
    default:
      return '';
  }
}

/**
 * Puts network faults on the stack's links and takes them off, through Toxiproxy's API. The stack must
 * have been started with its fault proxies (STACK_FAULT_PROXIES=on).
 */
export class NetworkFaults {
  private readonly toxiproxy: Toxiproxy;
  private readonly settings: StackSettings;
  private readonly secrets: StackSecrets;

  constructor(settings: StackSettings, secrets: StackSecrets) {
    this.settings = settings;
    this.secrets = secrets;
    this.toxiproxy = new Toxiproxy(settings.toxiproxyUrl);
  }

  /** Fails, saying how to start one, unless the running stack has a proxy on every link. */
  async requireProxies(): Promise<void> {
    const names: string[] = await this.toxiproxy.getAll().then(
      (proxies) => Object.keys(proxies),
      () => [],
    );
    const missing = FAULT_LINKS.filter((link) => !names.includes(link));
    if (missing.length > 0)
      throw new Error(
        `network faults need the stack's fault proxies, and Toxiproxy at ${this.settings.toxiproxyUrl} ` +
          `${names.length === 0 ? 'does not answer' : `has none for ${missing.join(', ')}`}: restart the stack ` +
          'with them (npm run stack:down, then npm run stack:up -- --fault-proxies), or run process faults ' +
          'only with --links none',
      );
  }

  /** Every proxy enabled and every toxic removed: the state a run starts from and leaves behind. */
  async clear(): Promise<void> {
    await this.toxiproxy.reset();
  }

  async apply(fault: NetworkFault): Promise<void> {
    const proxy = await this.toxiproxy.get(fault.link);
    if (fault.kind === 'partition') {
      await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
      return;
    }
    for (const toxic of toxicsFor(fault)) await proxy.addToxic(toxic);
    if (fault.kind === 'slow-close') await this.endPostgresSessions(fault.link);
  }

  async remove(fault: NetworkFault): Promise<void> {
    const proxy = await this.toxiproxy.get(fault.link);
    if (fault.kind === 'partition') {
      await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
      return;
    }
    for (const toxic of toxicsFor(fault)) await (await proxy.getToxic(toxic.name)).remove();
  }

  /**
   * Has the server end the link's sessions, so that their closes pass the slow-close toxic. Kafka has no
   * such command: there the toxic delays whatever closes the clients and the broker make while it holds.
   */
  private async endPostgresSessions(link: FaultLink): Promise<void> {
    const role = POSTGRES_LINK_ROLES[link];
    if (!role) return;
    const admin = new pg.Client({ connectionString: adminUrl(this.settings, this.secrets) });
    await admin.connect();
    try {
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where usename = $1 and pid <> pg_backend_pid()',
        [role],
      );
    } finally {
      await admin.end();
    }
  }
}
