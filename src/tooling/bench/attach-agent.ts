import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';

const ATTACH_PROGRAM = path.join(PROJECT_ROOT, 'stack', 'jvm-profiler', 'AttachAgent.java');
const run = promisify(execFile);

/**
 * Loads a native agent into the running JVM `pid` with `options` as one string. A small Java program
 * does it through the Attach API: `jcmd <pid> JVMTI.agent_load` splits `key=value` options apart.
 */
export async function loadAgent(pid: number, agent: string, options: string): Promise<void> {
  try {
    await run('java', [ATTACH_PROGRAM, String(pid), agent, options], { timeout: 60_000 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(
      `could not load ${path.basename(agent)} into JVM ${pid} with "${options}": ${stderr?.trim() || message}`,
      { cause: error },
    );
  }
}
