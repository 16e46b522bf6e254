import { setTimeout as sleep } from 'node:timers/promises';
import { type ICreateToxicBody, type ToxicType, Toxiproxy } from 'toxiproxy-node-client';
import { missingFaultProxies } from '../stack/fault-proxies.ts';
import type { StackSettings } from '../stack/stack-settings.ts';
import type { NetworkFault } from './fault-plan.ts';

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

/**
 * What makes the connections of a slow-close fault close: a reset placed in front of the slow close
 * for a moment (toxics run in the order they were added), so every connection that carries data is
 * closed and its close then waits in the slow close. Without it the toxic would bite only on closes
 * that happen by chance while it holds.
 */
const CLOSING_RESETS = DIRECTIONS.map((stream) => ({
  name: `chaos-closing-reset-${stream}`,
  type: 'reset_peer' as const,
  stream,
  toxicity: 1,
  attributes: { timeout: 0 },
}));
const CLOSING_RESET_MS = 1_000;

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

  constructor(settings: StackSettings) {
    this.settings = settings;
    this.toxiproxy = new Toxiproxy(settings.toxiproxyUrl);
  }

  /** Fails, saying how to start one, unless the running stack has a proxy on every link. */
  async requireProxies(): Promise<void> {
    const missing = await missingFaultProxies(this.settings);
    if (missing.length > 0)
      throw new Error(
        `network faults need the stack's fault proxies, and Toxiproxy at ${this.settings.toxiproxyUrl} ` +
          `has none for ${missing.join(', ')}: restart the stack ` +
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
    if (fault.kind === 'slow-close') for (const toxic of CLOSING_RESETS) await proxy.addToxic(toxic);
    for (const toxic of toxicsFor(fault)) await proxy.addToxic(toxic);
    if (fault.kind === 'slow-close') {
      await sleep(CLOSING_RESET_MS);
      for (const toxic of CLOSING_RESETS) await (await proxy.getToxic(toxic.name)).remove();
    }
  }

  async remove(fault: NetworkFault): Promise<void> {
    const proxy = await this.toxiproxy.get(fault.link);
    if (fault.kind === 'partition') {
      await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
      return;
    }
    for (const toxic of toxicsFor(fault)) await (await proxy.getToxic(toxic.name)).remove();
  }
}
