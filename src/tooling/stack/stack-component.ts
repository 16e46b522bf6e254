import type { ProcessSpec } from './process-supervisor.ts';
import type { Probe } from './readiness-probes.ts';
import type { StackSecrets } from './stack-secrets.ts';
import type { StackSettings } from './stack-settings.ts';

/** One part of the local stack: a supervised process, a setup step, or both. */
export interface Component {
  name: string;
  /** Work before the process starts (initdb, storage format, rendering config). */
  prepare?: () => Promise<void>;
  /** Absent for a step that runs no process of its own. */
  process?: () => ProcessSpec;
  ready?: Probe;
  readyTimeoutMs?: number;
  /** Work once it is ready (provisioning, migrations, the connector). */
  afterReady?: () => Promise<void>;
}

export interface ComponentContext {
  settings: StackSettings;
  secrets: StackSecrets;
  log: (line: string) => void;
}
