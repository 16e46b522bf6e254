import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';

const scripts = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts as Record<
  string,
  string
>;
/** Each npm script that runs a CLI: its node flags, the CLI file and the arguments the script fixes. */
const cliScripts = Object.entries(scripts).flatMap(([name, command]) => {
  const match = /^node((?: --\S+)*) (src\/tooling\/cli\/\S+-cli\.ts)((?: \S+)*)$/.exec(command);
  if (!match) return [];
  const [, flags = '', file = '', args = ''] = match;
  return [
    { name, nodeArgs: [...flags.split(' ').filter(Boolean), file, ...args.split(' ').filter(Boolean)] },
  ];
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an npm script's command with more arguments, as `npm run <name> -- <extra>` does. */
function runScript(nodeArgs: string[], extra: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, ...extra],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

/** Two at a time: each run starts a Node process that loads its CLI's imports. */
async function eachPaired<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += 2)
    results.push(...(await Promise.all(items.slice(index, index + 2).map(work))));
  return results;
}

describe('the CLIs behind the npm scripts', () => {
  it('cover every CLI in src/tooling/cli', () => {
    const files = readdirSync(path.join(PROJECT_ROOT, 'src', 'tooling', 'cli')).filter((file) =>
      file.endsWith('-cli.ts'),
    );
    const used = new Set(
      cliScripts.map(({ nodeArgs }) => path.basename(nodeArgs.find((arg) => arg.endsWith('-cli.ts')) ?? '')),
    );
    expect(files.filter((file) => !used.has(file))).toEqual([]);
    expect(cliScripts.length).toBeGreaterThanOrEqual(files.length);
  });

  it('read .env first', () => {
    const without = cliScripts.filter(
      ({ nodeArgs }) => nodeArgs[0] !== '--import=./src/tooling/cli/read-env-file.ts',
    );
    expect(without.map(({ name }) => name)).toEqual([]);
  });

  it('answer --help and -h with their usage and exit codes, exit 0, and touch nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cli-help-data-'));
    const downloadDir = mkdtempSync(path.join(tmpdir(), 'cli-help-downloads-'));
    const env = { STACK_DATA_DIR: dataDir, STACK_DOWNLOAD_DIR: downloadDir };
    const runs = await eachPaired(
      // -h is the same flag to the shared parser: one command proves it.
      [
        ...cliScripts.map((script) => ({ ...script, flag: '--help' })),
        ...cliScripts.slice(0, 1).map((script) => ({ ...script, flag: '-h' })),
      ],
      async ({ name, nodeArgs, flag }) => ({ name, flag, ...(await runScript(nodeArgs, [flag], env)) }),
    );
    for (const { name, flag, code, stdout, stderr } of runs) {
      const label = `npm run ${name} -- ${flag}: ${stderr}`;
      expect(code, label).toBe(0);
      expect(stdout, label).toMatch(/^usage: npm /);
      expect(stdout, label).toMatch(/\nexit codes:\n {2}0 .*\n {2}1 .*\n(.*\n)* {2}64 /);
    }
    expect(readdirSync(dataDir)).toEqual([]);
    expect(readdirSync(downloadDir)).toEqual([]);
  }, 240_000);

  it('refuse an unknown option with the problem and the usage, exit 64, and touch nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cli-usage-data-'));
    const runs = await eachPaired(cliScripts, async ({ name, nodeArgs }) => ({
      name,
      ...(await runScript(nodeArgs, ['--no-such-option'], { STACK_DATA_DIR: dataDir })),
    }));
    for (const { name, code, stdout, stderr } of runs) {
      expect(code, `npm run ${name} -- --no-such-option: ${stdout}${stderr}`).toBe(64);
      expect(stderr, name).toMatch(/no-such-option/);
      expect(stderr, name).toMatch(/\nusage: npm /);
    }
    expect(readdirSync(dataDir)).toEqual([]);
  }, 240_000);
});

describe('docs/cli.md', () => {
  it('names every npm script', () => {
    const docs = readFileSync(path.join(PROJECT_ROOT, 'docs', 'cli.md'), 'utf8');
    const missing = Object.keys(scripts).filter((name) => {
      // npm runs pre<name> and post<name> itself (and postinstall after an install): named, not run.
      const hookOf = /^(?:pre|post)(.+)$/.exec(name)?.[1];
      if (hookOf !== undefined && (hookOf in scripts || hookOf === 'install'))
        return !docs.includes(`\`${name}\``);
      const command = name === 'start' || name === 'test' ? `npm ${name}` : `npm run ${name}`;
      return !new RegExp(`${command.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w:-])`).test(docs);
    });
    expect(missing).toEqual([]);
  });
});
