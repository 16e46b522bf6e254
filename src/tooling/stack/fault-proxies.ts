import type { StackSettings } from './stack-settings.ts';

/**
 * The network hops a fault can be put on, each a Toxiproxy proxy of its own so that one client's link
 * can be cut while the others carry on. Debezium's replication connection and its JDBC connection share
 * `connect-postgres`; Connect's worker, producer, consumer and admin clients share `connect-kafka`.
 */
export const FAULT_LINKS = [
  'calculator-postgres',
  'totals-postgres',
  'connect-postgres',
  'connect-kafka',
  'totals-kafka',
] as const;
export type FaultLink = (typeof FAULT_LINKS)[number];

export interface FaultProxy {
  link: FaultLink;
  /** The stack part on the client side of the link: its log is where a fault is noticed. */
  client: 'calculator' | 'totals' | 'connect';
  server: 'postgres' | 'kafka';
  /** Where the proxy listens, and where it forwards to. */
  listenPort: number;
  upstreamPort: number;
}

/**
 * Kafka clients connect to whatever address the broker advertises, so each proxied Kafka link has a
 * broker listener of its own that advertises the proxy's port. The stack's own tools keep the direct
 * listener (KAFKA_PORT), so a cut link never stops the stack from watching itself.
 */
export interface ProxiedKafkaListener {
  /** The listener's name in the broker's properties. */
  name: 'CONNECT_PROXIED' | 'TOTALS_PROXIED';
  port: number;
  advertisedPort: number;
}

export function proxiedKafkaListeners(settings: StackSettings): ProxiedKafkaListener[] {
  const first = settings.FAULT_PROXY_FIRST_PORT;
  return [
    { name: 'CONNECT_PROXIED', port: first + 5, advertisedPort: first + 3 },
    { name: 'TOTALS_PROXIED', port: first + 6, advertisedPort: first + 4 },
  ];
}

export function faultProxies(settings: StackSettings): FaultProxy[] {
  const first = settings.FAULT_PROXY_FIRST_PORT;
  const [connectListener, totalsListener] = proxiedKafkaListeners(settings) as [
    ProxiedKafkaListener,
    ProxiedKafkaListener,
  ];
  const postgres = settings.POSTGRES_PORT;
  return [
    {
      link: 'calculator-postgres',
      client: 'calculator',
      server: 'postgres',
      listenPort: first,
      upstreamPort: postgres,
    },
    {
      link: 'totals-postgres',
      client: 'totals',
      server: 'postgres',
      listenPort: first + 1,
      upstreamPort: postgres,
    },
    {
      link: 'connect-postgres',
      client: 'connect',
      server: 'postgres',
      listenPort: first + 2,
      upstreamPort: postgres,
    },
    {
      link: 'connect-kafka',
      client: 'connect',
      server: 'kafka',
      listenPort: first + 3,
      upstreamPort: connectListener.port,
    },
    {
      link: 'totals-kafka',
      client: 'totals',
      server: 'kafka',
      listenPort: first + 4,
      upstreamPort: totalsListener.port,
    },
  ];
}

export function faultProxyOf(settings: StackSettings, link: FaultLink): FaultProxy {
  const proxy = faultProxies(settings).find((candidate) => candidate.link === link);
  if (!proxy) throw new Error(`no fault proxy for ${link}`);
  return proxy;
}

/**
 * The port a client of `link` connects to: the proxy's in a stack started with its fault proxies, the
 * server's own otherwise.
 */
export function linkPort(settings: StackSettings, link: FaultLink): number {
  const proxy = faultProxyOf(settings, link);
  if (settings.faultProxies) return proxy.listenPort;
  return proxy.server === 'kafka' ? settings.KAFKA_PORT : settings.POSTGRES_PORT;
}

/** A client URL (`postgres://…`) sent through `link`'s proxy when the stack has its fault proxies. */
export function throughLink(settings: StackSettings, url: string, link: FaultLink): string {
  if (!settings.faultProxies) return url;
  const routed = new URL(url);
  routed.port = String(linkPort(settings, link));
  return routed.toString();
}

/** The links the running Toxiproxy has no proxy for: every link when it does not answer. */
export async function missingFaultProxies(settings: StackSettings): Promise<FaultLink[]> {
  const names = await fetch(`${settings.toxiproxyUrl}/proxies`, { signal: AbortSignal.timeout(2_000) })
    .then((response) => (response.ok ? (response.json() as Promise<Record<string, unknown>>) : {}))
    .then(Object.keys, () => [] as string[]);
  return FAULT_LINKS.filter((link) => !names.includes(link));
}

/** Whether the running stack has its fault proxies: Toxiproxy answers with one for every link. */
export async function stackHasFaultProxies(settings: StackSettings): Promise<boolean> {
  return (await missingFaultProxies(settings)).length === 0;
}
