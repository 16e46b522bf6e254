import { writeFileSync } from 'node:fs';
import { ensureToxiproxy } from './ensure-toxiproxy.ts';
import { faultProxies, missingFaultProxies } from './fault-proxies.ts';
import { primaryNode } from './postgres-nodes.ts';
import { type ProxyDefinition, switchDefinitions, toxiproxyConfigFile } from './postgres-switch.ts';
import type { Component, ComponentContext } from './stack-component.ts';

/**
 * Toxiproxy, with one proxy per network hop (see fault-proxies.ts) in a stack started with
 * STACK_FAULT_PROXIES=on, all enabled and without toxics at start (`npm run chaos` adds and removes the
 * toxics through its API), and the switch to the primary Postgres in a stack started with
 * STACK_POSTGRES_HA=on (see postgres-switch.ts).
 */
export function faultProxyServer({ settings, log }: ComponentContext): Component {
  if (settings.STACK_POSTGRES_ADMIN_URL)
    throw new Error(
      'STACK_FAULT_PROXIES=on and STACK_POSTGRES_HA=on work with the embedded Postgres only: a server of your own ' +
        'is reached by its own name, which a proxy on loopback would not match for TLS; unset STACK_POSTGRES_ADMIN_URL',
    );
  const config = toxiproxyConfigFile(settings);
  let binary = '';
  return {
    name: 'toxiproxy',
    prepare: async () => {
      binary = await ensureToxiproxy(settings.downloadDir, log);
      const proxies: ProxyDefinition[] = [
        ...(settings.postgresHa ? switchDefinitions(settings, primaryNode(settings)) : []),
        ...(settings.faultProxies ? faultProxies(settings) : []).map((proxy) => ({
          name: proxy.link,
          listen: `${settings.host}:${proxy.listenPort}`,
          upstream: `${settings.host}:${proxy.upstreamPort}`,
          enabled: true,
        })),
      ];
      writeFileSync(config, `${JSON.stringify(proxies, null, 2)}\n`);
    },
    process: () => ({
      name: 'toxiproxy',
      command: binary,
      args: ['-host', settings.host, '-port', String(settings.TOXIPROXY_PORT), '-config', config],
      // At info Toxiproxy logs each connection it accepts and each toxic: a fault's trail. Its default
      // level is trace, a line per chunk of data.
      env: { LOG_LEVEL: 'info' },
      stopTimeoutMs: 5_000,
    }),
    ready: async () => {
      const answer = await fetch(`${settings.toxiproxyUrl}/version`, { signal: AbortSignal.timeout(2_000) });
      if (!answer.ok) throw new Error(`toxiproxy's API answered ${answer.status}`);
      const missing = settings.faultProxies ? await missingFaultProxies(settings) : [];
      if (missing.length > 0) throw new Error(`toxiproxy has no proxy for ${missing.join(', ')}`);
    },
    readyTimeoutMs: 20_000,
  };
}
