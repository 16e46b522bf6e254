import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { loadStackSettings, type StackSettings, stackSettingsShape } from '../stack/stack-settings.ts';
import { pendingRestorations } from './pending-restorations.ts';

/**
 * A twin of the stack, fresh, with security on or off, with or without its fault proxies, and with one
 * or more calculators and totals keepers.
 */
export interface TwinKind {
  secured: boolean;
  faultProxies?: boolean;
  calculators?: number;
  totalsKeepers?: number;
}

const twinName = ({ secured, faultProxies, calculators = 1, totalsKeepers = 1 }: TwinKind) =>
  `${secured ? 'secured' : 'plaintext'}${faultProxies ? '-proxied' : ''}` +
  `${calculators > 1 ? `-${calculators}-calculators` : ''}${totalsKeepers > 1 ? `-${totalsKeepers}-keepers` : ''}`;
/**
 * Each twin's ports are the stack's, moved by this much, so the stack and any two twins run side by side;
 * a shift is a multiple of 100, clear of the 10 ports apart that a service's instances take.
 */
const portShift = ({ secured, faultProxies, calculators = 1, totalsKeepers = 1 }: TwinKind) =>
  (secured ? 100 : 200) +
  (faultProxies ? 200 : 0) +
  (totalsKeepers > 1 ? 400 : 0) +
  (calculators > 1 ? 800 : 0);

const PORT_VARIABLES = Object.keys(stackSettingsShape).filter((name) => name.endsWith('_PORT'));

/**
 * The environment of another local stack, identical to `settings`' but started afresh with STACK_SECURITY
 * and STACK_FAULT_PROXIES as `kind` says: its own data folder under the bench folder and its own ports. It shares the downloaded
 * jars and tools.
 */
export function twinEnvironment(settings: StackSettings, kind: TwinKind): NodeJS.ProcessEnv {
  const ports = Object.fromEntries(
    PORT_VARIABLES.map((name) => [
      name,
      String(Number(settings[name as keyof StackSettings]) + portShift(kind)),
    ]),
  );
  // A CA the user named for servers of their own would make the twin's clients expect TLS.
  const { GRPC_TLS_CA_FILE: _, ...inherited } = process.env;
  return {
    ...inherited,
    ...ports,
    STACK_DATA_DIR: path.join(settings.dataDir, 'bench', `${twinName(kind)}-twin`),
    STACK_DOWNLOAD_DIR: settings.downloadDir,
    STACK_SECURITY: kind.secured ? 'on' : 'off',
    STACK_FAULT_PROXIES: kind.faultProxies ? 'on' : 'off',
    STACK_CALCULATORS: String(kind.calculators ?? 1),
    STACK_TOTALS_KEEPERS: String(kind.totalsKeepers ?? 1),
  };
}

/**
 * Brings a twin up, hands its settings and environment to `work`, then stops it and deletes its data
 * folder, whether `work` succeeded, failed or the run was interrupted. Its stack output goes to a log in
 * the bench folder, which a failure names.
 */
export async function withTwinStack<T>(
  settings: StackSettings,
  kind: TwinKind,
  /** The bench section the twin serves, for its progress lines. */
  section: string,
  log: (line: string) => void,
  work: (twin: StackSettings, environment: NodeJS.ProcessEnv) => Promise<T>,
): Promise<T> {
  const name = `${twinName(kind)} twin`;
  const environment = twinEnvironment(settings, kind);
  const twin = loadStackSettings(environment);
  const logDir = path.join(settings.dataDir, 'bench', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${twinName(kind)}-twin.log`);
  // A run killed outright (SIGKILL) left its twin running: stop it before its data folder goes.
  if (existsSync(twin.dataDir))
    await runStackCommand('down', environment, logFile, name, () => {}).catch(() => {});
  rmSync(twin.dataDir, { recursive: true, force: true });
  // Interrupted (Ctrl-C, SIGTERM), the CLI exits through the pending restorations, not this function's end.
  const stopTwin = pendingRestorations.add(`stop the ${name} of the stack`, async () => {
    log(`${section}: stopping the ${name}`);
    await runStackCommand('down', environment, logFile, name, log);
    rmSync(twin.dataDir, { recursive: true, force: true });
  });
  log(`${section}: starting a ${name} of the stack (ports +${portShift(kind)}; its log: ${logFile})`);
  try {
    await runStackCommand('up', environment, logFile, name, log);
    return await work(twin, environment);
  } finally {
    await stopTwin.restoreNow().catch((error) => log(`  ${error.message}`));
  }
}

function runStackCommand(
  command: 'up' | 'down',
  environment: NodeJS.ProcessEnv,
  logFile: string,
  name: string,
  log: (line: string) => void,
): Promise<void> {
  const output = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/tooling/cli/stack-cli.ts'), command], {
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(output, { end: false });
  child.stderr.pipe(output, { end: false });
  // Each part's "ready" line is the twin's progress.
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (/: ready \(/.test(line)) log(`  ${name} ${line.replace(/^\[stack\] /, '')}`);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      output.end();
      if (code === 0) resolve();
      else reject(new Error(`the ${name}'s stack:${command} failed (exit ${code}); see ${logFile}`));
    });
  });
}
