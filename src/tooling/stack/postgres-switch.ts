import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import type { PostgresNode } from './postgres-nodes.ts';
import type { StackSettings } from './stack-settings.ts';

/**
 * With STACK_POSTGRES_HA=on every client of Postgres (both services, Debezium, the exporter, the stack's
 * own tools) connects to POSTGRES_PORT, where a Toxiproxy proxy forwards to whichever node is primary.
 * node-postgres takes one host, and so does Debezium's `database.hostname`: a multi-host connection string
 * with `target_session_attrs=read-write` is not open to them. Moving the proxy's upstream closes every
 * connection through it, so no client is left talking to the old primary.
 */
export const POSTGRES_SWITCH = 'postgres-primary';
/**
 * The standby's own way to the primary, a second proxy moved with the first: the chaos run cuts it to
 * leave the standby behind just before the primary dies, which is when asynchronous replication loses
 * what it had answered.
 */
export const REPLICATION_LINK = 'postgres-replication';

/** Where the standby connects to stream from the primary: the port after the two nodes'. */
export const replicationLinkPort = (settings: StackSettings) => settings.POSTGRES_PORT + 3;

export interface ProxyDefinition {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

export function switchDefinitions(settings: StackSettings, primary: PostgresNode): ProxyDefinition[] {
  const upstream = `${settings.host}:${primary.port}`;
  return [
    { name: POSTGRES_SWITCH, listen: `${settings.host}:${settings.POSTGRES_PORT}`, upstream, enabled: true },
    {
      name: REPLICATION_LINK,
      listen: `${settings.host}:${replicationLinkPort(settings)}`,
      upstream,
      enabled: true,
    },
  ];
}

/** The proxies Toxiproxy loads when it (re)starts: rewritten when the switch moves, so a restart keeps it. */
export const toxiproxyConfigFile = (settings: StackSettings) =>
  path.join(settings.renderedConfigDir, 'toxiproxy.json');

/**
 * Points the switch (and the standby's link) at `primary`, closing every connection they carried to the
 * other node; made if Toxiproxy lacks them (it was started for fault proxies alone).
 */
export async function pointSwitchAt(settings: StackSettings, primary: PostgresNode): Promise<void> {
  const toxiproxy = new Toxiproxy(settings.toxiproxyUrl);
  const wanted = switchDefinitions(settings, primary);
  const existing = await toxiproxy.getAll();
  for (const definition of wanted) {
    const proxy = existing[definition.name];
    if (!proxy) await toxiproxy.createProxy(definition);
    else if (proxy.upstream !== definition.upstream || !proxy.enabled)
      await proxy.update({ enabled: true, listen: definition.listen, upstream: definition.upstream });
  }
  const file = toxiproxyConfigFile(settings);
  const others = (JSON.parse(readFileSync(file, 'utf8')) as ProxyDefinition[]).filter(
    (entry) => !wanted.some((definition) => definition.name === entry.name),
  );
  writeFileSync(file, `${JSON.stringify([...wanted, ...others], null, 2)}\n`);
}

/** Cuts the standby off from the primary (every connection closed, new ones refused), or lets it back. */
export async function setReplicationLink(settings: StackSettings, open: boolean): Promise<void> {
  const proxy = await new Toxiproxy(settings.toxiproxyUrl).get(REPLICATION_LINK);
  await proxy.update({ enabled: open, listen: proxy.listen, upstream: proxy.upstream });
}
