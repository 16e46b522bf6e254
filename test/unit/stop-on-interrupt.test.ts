import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'interruptible-command.ts');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a command stopped by Ctrl-C after the reader of its output is gone (npm start | tee)', () => {
  it('still stops everything it started, and logs the stop to its file', async () => {
    const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'stop-on-interrupt-')), 'command.log');
    const command = spawn(process.execPath, [FIXTURE, logFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(command, 'exit');
    const [firstLine] = (await once(createInterface({ input: command.stdout }), 'line')) as [string];
    const childPid = Number(/child (\d+)/.exec(firstLine)?.[1]);
    expect(isAlive(childPid)).toBe(true);
    try {
      // The reader dies first, as tee does on Ctrl-C: every later write of the command fails with EPIPE.
      command.stdout.destroy();
      command.stderr.destroy();
      command.kill('SIGINT');
      const [code, signal] = await exited;

      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(isAlive(childPid)).toBe(false);
    } finally {
      if (isAlive(childPid)) process.kill(childPid);
    }
    const logged = readFileSync(logFile, 'utf8');
    expect(logged).toContain('stopping, step 5');
    expect(logged).toContain(`child ${childPid} stopped`);
  }, 20_000);
});
