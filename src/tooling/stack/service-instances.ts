import type { StackSettings } from './stack-settings.ts';

export type ServiceKind = 'calculator' | 'totals';

/** Instance k of a service listens this many ports above instance k − 1. */
export const INSTANCE_PORT_STEP = 10;

/** One process of a service the stack runs: `calculator`, `calculator-2`, …; `totals`, `totals-2`, … */
export interface ServiceInstance {
  kind: ServiceKind;
  /** 1 for the first. */
  index: number;
  /** Its name as a part of the stack: the supervisor's, the log file's, the chaos run's. */
  name: string;
  port: number;
  address: string;
}

/** The first instance keeps the service's own name, so a stack of one of each is named as it always was. */
export const instanceName = (kind: ServiceKind, index: number) => (index === 1 ? kind : `${kind}-${index}`);

export function serviceInstance(settings: StackSettings, kind: ServiceKind, index: number): ServiceInstance {
  const basePort = kind === 'calculator' ? settings.CALCULATOR_GRPC_PORT : settings.TOTALS_GRPC_PORT;
  const port = basePort + INSTANCE_PORT_STEP * (index - 1);
  return { kind, index, name: instanceName(kind, index), port, address: `${settings.host}:${port}` };
}

/** Every instance the stack is set to run of a service, first to last. */
export function serviceInstances(settings: StackSettings, kind: ServiceKind): ServiceInstance[] {
  const count = kind === 'calculator' ? settings.calculators : settings.totalsKeepers;
  return Array.from({ length: count }, (_, offset) => serviceInstance(settings, kind, offset + 1));
}

/** Which service and instance a part's name is, or undefined for a part that is no service instance. */
export function parseInstanceName(name: string): { kind: ServiceKind; index: number } | undefined {
  const match = /^(calculator|totals)(?:-(\d+))?$/.exec(name);
  if (!match) return undefined;
  const index = match[2] ? Number(match[2]) : 1;
  // `totals-1` is not a name the stack gives: the first instance is `totals`.
  if (match[2] && index < 2) return undefined;
  return { kind: match[1] as ServiceKind, index };
}

/** Where each instance of a service listens, first to last. */
export const instanceAddresses = (settings: StackSettings, kind: ServiceKind) =>
  serviceInstances(settings, kind).map((instance) => instance.address);

/** "calculator 127.0.0.1:20051", or "2 calculators 127.0.0.1:20051, 127.0.0.1:20151". */
export function describeInstances(settings: StackSettings, kind: ServiceKind): string {
  const addresses = instanceAddresses(settings, kind);
  const noun = kind === 'calculator' ? 'calculator' : 'totals keeper';
  return addresses.length === 1
    ? `${kind} ${addresses[0]}`
    : `${addresses.length} ${noun}s ${addresses.join(', ')}`;
}
