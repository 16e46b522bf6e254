import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { processTreeCpuMs } from '../../src/tooling/bench/process-tree-cpu.ts';

const BURN_MS = 300;
// Burns CPU until its own user+system time passes BURN_MS, says so, then exits, or waits until its stdin
// closes (so it never outlives the test, even one whose worker dies).
const burn = (then: 'wait' | 'exit') =>
  `while (process.cpuUsage().user + process.cpuUsage().system < ${BURN_MS * 1000}) {} ` +
  `console.log('burnt'); ${then === 'wait' ? "process.stdin.on('end', () => process.exit(0)).resume();" : ''}`;

const shells: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  // The whole process group: the shell, node and sleep.
  for (const shell of shells.splice(0)) {
    shell.stdin?.end();
    try {
      process.kill(-(shell.pid as number), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** A shell (the root, leading a process group of its own) running node as its child, then `after`. */
function shellRunningNode(script: string, after: string) {
  const shell = spawn('sh', ['-c', `"${process.execPath}" -e "${script}"; ${after}`], {
    stdio: ['pipe', 'pipe', 'ignore'],
    detached: true,
  });
  shells.push(shell);
  return shell;
}

describe("a process tree's CPU time", () => {
  it('counts a descendant that is running', async () => {
    const shell = shellRunningNode(burn('wait'), 'true');
    await once(shell.stdout as NodeJS.ReadableStream, 'data');
    expect(processTreeCpuMs(shell.pid as number)).toBeGreaterThanOrEqual(BURN_MS - 10);
  });

  it('still counts a descendant that has exited and was reaped by its parent', async () => {
    // The shell replaces itself with sleep (stdout elsewhere) once node has exited and been waited for,
    // so the end of stdout means node's CPU now sits in the root's cutime/cstime.
    const shell = shellRunningNode(burn('exit'), 'exec sleep 30 >/dev/null');
    const output = shell.stdout as NodeJS.ReadableStream;
    output.resume();
    await once(output, 'end');
    expect(processTreeCpuMs(shell.pid as number)).toBeGreaterThanOrEqual(BURN_MS - 10);
  });

  it('is 0 for a process that does not exist', () => {
    expect(processTreeCpuMs(2 ** 22 + 1)).toBe(0);
  });
});
