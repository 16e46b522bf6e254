import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goPackagesCompiled, runLongStep } from '../../src/tooling/stack/long-step.ts';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'long-step-'));

/** A stand-in for `go build -v`: names a download and two packages, waits, then exits with `code`. */
const fakeGoBuild = (code: number) => [
  '-e',
  `console.error('go: downloading example.com/module v1.0.0');
   console.error('example.com/module/a'); console.error('example.com/module/b');
   setTimeout(() => process.exit(${code}), 400);`,
];

describe('a long step', () => {
  it('says what it does and where its log is, then how far it got every so often, then that it is done', async () => {
    const logFile = path.join(scratch(), 'build.log');
    const lines: string[] = [];
    await runLongStep(
      {
        what: 'tool',
        doing: 'building (minutes)',
        command: process.execPath,
        args: fakeGoBuild(0),
        logFile,
        activity: goPackagesCompiled(),
        progressEveryMs: 150,
      },
      (line) => lines.push(line),
    );
    expect(lines[0]).toBe(`tool: building (minutes); log: ${logFile}`);
    expect(lines).toContainEqual(
      expect.stringMatching(/^tool: still going after \d+ s, 2 packages compiled$/),
    );
    expect(lines.at(-1)).toMatch(/^tool: done in \d+ s$/);
    expect(readFileSync(logFile, 'utf8')).toContain('example.com/module/b');
  });

  it('fails naming the step, its exit code and its log', async () => {
    const logFile = path.join(scratch(), 'build.log');
    const failure = await runLongStep(
      { what: 'tool', doing: 'building', command: process.execPath, args: fakeGoBuild(3), logFile },
      () => {},
    ).catch((error: Error) => error.message);
    expect(failure).toMatch(/^tool: /);
    expect(failure).toMatch(/ failed with exit code 3 after \d+ s; its log: /);
    expect(failure).toMatch(new RegExp(`its log: ${logFile}$`));
    expect(readFileSync(logFile, 'utf8')).toContain('go: downloading example.com/module v1.0.0');
  });

  it('says which command is missing and what to install', async () => {
    await expect(
      runLongStep(
        {
          what: 'tool',
          doing: 'building',
          command: 'no-such-command-here',
          args: [],
          logFile: path.join(scratch(), 'build.log'),
          missing: 'is Go installed?',
        },
        () => {},
      ),
    ).rejects.toThrow('tool: could not run no-such-command-here (is Go installed?)');
  });
});
