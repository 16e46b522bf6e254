import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { StackSettings } from './stack-settings.ts';

const require = createRequire(import.meta.url);
// pm2 is CommonJS; `custom` builds an API bound to our own PM2_HOME instead of the user's ~/.pm2.
const pm2 = require('pm2') as { custom: new (options: { pm2_home: string; daemon_mode: boolean }) => Pm2Api };

type Callback<T> = (error: Error | null, result: T) => void;
interface Pm2Api {
  connect(callback: Callback<unknown>): void;
  disconnect(): void;
  start(options: object, callback: Callback<unknown>): void;
  stop(name: string, callback: Callback<unknown>): void;
  delete(name: string, callback: Callback<unknown>): void;
  restart(name: string, callback: Callback<unknown>): void;
  list(callback: Callback<Pm2Process[]>): void;
  killDaemon(callback: Callback<unknown>): void;
}
interface Pm2Process {
  name?: string;
  pid?: number;
  pm2_env?: { status?: string; restart_time?: number; pm_uptime?: number; pm_out_log_path?: string };
}

/** Where a supervisor keeps its daemon's state and its processes' logs (the stack's, or the cluster's). */
export type SupervisorHome = Pick<StackSettings, 'pm2Home' | 'logDir'>;

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** How long the process gets to stop cleanly before it is killed. */
  stopTimeoutMs: number;
  runAs?: { uid: number; gid: number };
  /** Restart it when it dies (the default); a Postgres node of an HA stack is failed over from instead. */
  autorestart?: boolean;
}

export interface SupervisedProcess {
  name: string;
  pid: number | undefined;
  status: string;
  restarts: number;
  uptimeMs: number | undefined;
}

/**
 * The local stack's processes run under pm2, a process manager made for the job: it restarts what
 * crashes, keeps each process's log, and stops them all. Its daemon and state live in the data folder.
 */
export class ProcessSupervisor {
  private readonly api: Pm2Api;
  private readonly logDir: string;

  private constructor(api: Pm2Api, logDir: string) {
    this.api = api;
    this.logDir = logDir;
  }

  /** Whether pm2's daemon for this stack runs; `connect` would start one, which a status check must not. */
  static isRunning(settings: SupervisorHome): boolean {
    const pidFile = path.join(settings.pm2Home, 'pm2.pid');
    if (!existsSync(pidFile)) return false;
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
      return true;
    } catch {
      return false;
    }
  }

  static async connect(settings: SupervisorHome): Promise<ProcessSupervisor> {
    mkdirSync(settings.pm2Home, { recursive: true });
    mkdirSync(settings.logDir, { recursive: true });
    const api = new pm2.custom({ pm2_home: settings.pm2Home, daemon_mode: true });
    await call<unknown>((done) => api.connect(done));
    return new ProcessSupervisor(api, settings.logDir);
  }

  logFile(name: string): string {
    return path.join(this.logDir, `${name}.log`);
  }

  async start(spec: ProcessSpec): Promise<void> {
    await call((done) =>
      this.api.start(
        {
          name: spec.name,
          script: spec.command,
          args: spec.args,
          interpreter: 'none',
          env: spec.env,
          cwd: process.cwd(),
          out_file: this.logFile(spec.name),
          error_file: this.logFile(spec.name),
          merge_logs: true,
          time: false,
          autorestart: spec.autorestart ?? true,
          // A part that keeps crashing is retried ever more slowly (up to 15 s), not in a tight loop. Not set
          // for a part never restarted: pm2 would show it as "waiting restart" for good.
          ...(spec.autorestart === false ? {} : { exp_backoff_restart_delay: 500 }),
          kill_timeout: spec.stopTimeoutMs,
          // Signal only the process itself: Postgres, for one, stops its own children in order.
          treekill: false,
          ...(spec.runAs ? { uid: spec.runAs.uid, gid: spec.runAs.gid } : {}),
        },
        done,
      ),
    );
  }

  async list(): Promise<SupervisedProcess[]> {
    const processes = await call<Pm2Process[]>((done) => this.api.list(done));
    return processes.map((item) => ({
      name: item.name ?? '?',
      pid: item.pid || undefined,
      status: item.pm2_env?.status ?? 'unknown',
      restarts: item.pm2_env?.restart_time ?? 0,
      uptimeMs: item.pm2_env?.pm_uptime ? Date.now() - item.pm2_env.pm_uptime : undefined,
    }));
  }

  async find(name: string): Promise<SupervisedProcess | undefined> {
    return (await this.list()).find((item) => item.name === name);
  }

  async stop(name: string): Promise<void> {
    await call((done) => this.api.stop(name, done));
  }

  async restart(name: string): Promise<void> {
    await call((done) => this.api.restart(name, done));
  }

  async remove(name: string): Promise<void> {
    await call((done) => this.api.delete(name, done));
  }

  /** Stops the daemon too; the processes it still runs are stopped first. */
  async shutDown(): Promise<void> {
    await call((done) => this.api.killDaemon(done));
    this.api.disconnect();
  }

  disconnect(): void {
    this.api.disconnect();
  }
}

function call<T>(run: (done: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    run((error, result) => (error ? reject(error) : resolve(result)));
  });
}
