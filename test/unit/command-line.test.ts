import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CommandSpec, formatUsage, parseCommandLine } from '../../src/tooling/cli/command-line.ts';

const SPEC = {
  command: 'npm run example --',
  summary: 'Does an example thing.',
  options: {
    rate: { type: 'string', value: 'N', default: '50', description: 'additions/s' },
    seed: { type: 'string', value: 'N', description: 'the seed' },
    quick: { type: 'boolean', description: 'a short run' },
  },
  positionals: [{ name: 'count', description: 'how many' }],
  exitCodes: { 2: 'the databases could not be read' },
} satisfies CommandSpec;

class Exited extends Error {
  readonly code: number | undefined;
  constructor(code: number | undefined) {
    super(`exit ${code}`);
    this.code = code;
  }
}

/** Parses `args` and returns what it printed and its exit code, if it exited. */
function run(args: string[], spec: CommandSpec = SPEC) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exited(code === undefined ? undefined : Number(code));
  });
  try {
    return { parsed: parseCommandLine(spec, args), stdout: out.join(''), stderr: err.join('') };
  } catch (error) {
    if (!(error instanceof Exited)) throw error;
    return { exitCode: error.code, stdout: out.join(''), stderr: err.join('') };
  }
}

afterEach(() => vi.restoreAllMocks());

describe('a command line', () => {
  it('gives the values with their defaults and the positionals', () => {
    expect(run(['--seed', '7', '12']).parsed).toEqual({
      values: { rate: '50', seed: '7', quick: false },
      positionals: ['12'],
    });
    expect(run(['--quick', '--rate=80']).parsed?.values).toEqual({ rate: '80', quick: true });
  });

  it('answers --help or -h, anywhere before --, with the usage on stdout and exit 0', () => {
    for (const args of [['--help'], ['-h'], ['12', '--bogus', '--help']]) {
      const { exitCode, stdout, stderr } = run(args);
      expect({ exitCode, stderr }, args.join(' ')).toEqual({ exitCode: 0, stderr: '' });
      expect(stdout).toBe(`${formatUsage(SPEC)}\n`);
    }
  });

  it('refuses an unknown option, a missing value or an extra word with the problem and the usage, exit 64', () => {
    for (const [args, problem] of [
      [['--bogus'], "Unknown option '--bogus'"],
      [['--seed'], "Option '--seed <value>' argument missing"],
      [['1', '2'], 'unexpected argument "2"'],
    ] as const) {
      const { exitCode, stdout, stderr } = run([...args]);
      expect({ exitCode, stdout }).toEqual({ exitCode: 64, stdout: '' });
      expect(stderr).toBe(`npm run example --: ${problem}\n\n${formatUsage(SPEC)}\n`);
    }
  });

  it('asks for a required positional', () => {
    const spec = { ...SPEC, positionals: [{ name: 'scenario', description: 'which', required: true }] };
    expect(run([], spec)).toMatchObject({
      exitCode: 64,
      stderr: expect.stringMatching(/: missing <scenario>\n/),
    });
  });

  it('leaves everything after the first word of a pass-through command to the other program', () => {
    const spec = { ...SPEC, options: {}, passThrough: true };
    expect(run(['topics', '--help', '--list'], spec).parsed?.positionals).toEqual([
      'topics',
      '--help',
      '--list',
    ]);
    expect(run(['--help'], spec).exitCode).toBe(0);
  });

  it('has a usage that says what it does, each option with its default, and every exit code', () => {
    const usage = formatUsage(SPEC);
    expect(usage.split('\n')[0]).toBe('usage: npm run example -- [options] [<count>]');
    expect(usage).toContain('Does an example thing.');
    expect(usage).toMatch(/\n {2}--rate N +additions\/s \(default: 50\)\n/);
    expect(usage).toMatch(/\n {2}--quick +a short run\n/);
    expect(usage).toMatch(
      /\nexit codes:\n {2}0 +done\n {2}1 +.+\n {2}2 +the databases could not be read\n {2}64 +wrong command line/,
    );
  });
});
