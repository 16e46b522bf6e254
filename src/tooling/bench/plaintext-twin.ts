import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { loadStackSettings, type StackSettings, stackSettingsShape } from '../stack/stack-settings.ts';
import { pendingRestorations } from './pending-restorations.ts';

/** The twin's ports are the stack's, each moved by this much, so both stacks can run side by side. */
const PORT_SHIFT = 100;

const PORT_VARIABLES = Object.keys(stackSettingsShape).filter((name) => name.endsWith('_PORT'));

/**
 * The environment of a second local stack, identical to `settings`' but with STACK_SECURITY=off: its own
 * data folder under the bench folder and its own ports. It shares the downloaded jars and tools.
 */
export function plaintextTwinEnvironment(settings: StackSettings): NodeJS.ProcessEnv {
  const ports = Object.fromEntries(
    PORT_VARIABLES.map((name) => [name, String(Number(settings[name as keyof StackSettings]) + PORT_SHIFT)]),
  );
  // A CA the user named for servers of their own would make the twin's clients expect TLS.
  const { GRPC_TLS_CA_FILE: _, ...inherited } = process.env;
  return {
    ...inherited,
    ...ports,
    STACK_DATA_DIR: path.join(settings.dataDir, 'bench', 'plaintext-stack'),
    STACK_DOWNLOAD_DIR: settings.downloadDir,
    STACK_SECURITY: 'off',
  };
}

/**
 * Brings the plaintext twin up, hands its settings and environment to `work`, then stops it and deletes its
 * data folder, whether `work` succeeded, failed or the run was interrupted. Its stack output goes to a log
 * in the bench folder, which a failure names.
 */
export async function withPlaintextTwin<T>(
  settings: StackSettings,
  log: (line: string) => void,
  work: (twin: StackSettings, environment: NodeJS.ProcessEnv) => Promise<T>,
): Promise<T> {
  const environment = plaintextTwinEnvironment(settings);
  const twin = loadStackSettings(environment);
  const logDir = path.join(settings.dataDir, 'bench', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'plaintext-twin.log');
  // A run killed outright (SIGKILL) left its twin running: stop it before its data folder goes.
  if (existsSync(twin.dataDir)) await runStackCommand('down', environment, logFile, () => {}).catch(() => {});
  rmSync(twin.dataDir, { recursive: true, force: true });
  // Interrupted (Ctrl-C, SIGTERM), the CLI exits through the pending restorations, not this function's end.
  const stopTwin = pendingRestorations.add('stop the plaintext twin of the stack', async () => {
    log('security: stopping the plaintext twin');
    await runStackCommand('down', environment, logFile, log);
    rmSync(twin.dataDir, { recursive: true, force: true });
  });
  log(`security: starting a plaintext twin of the stack (ports +${PORT_SHIFT}; its log: ${logFile})`);
  try {
    await runStackCommand('up', environment, logFile, log);
    return await work(twin, environment);
  } finally {
    await stopTwin.restoreNow().catch((error) => log(`  ${error.message}`));
  }
}

function runStackCommand(
  command: 'up' | 'down',
  environment: NodeJS.ProcessEnv,
  logFile: string,
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
      if (/: ready \(/.test(line)) log(`  plaintext twin ${line.replace(/^\[stack\] /, '')}`);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      output.end();
      if (code === 0) resolve();
      else reject(new Error(`the plaintext twin's stack:${command} failed (exit ${code}); see ${logFile}`));
    });
  });
}
