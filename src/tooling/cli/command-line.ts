import { parseArgs } from 'node:util';

/** Exit codes every command shares: sysexits' EX_USAGE for a wrong command line. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 64;

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the option does; the usage adds its default. */
  description: string;
  /** The value's placeholder in the usage, e.g. `N` in `--rate N`. */
  value?: string;
  default?: string;
}

export interface CommandSpec<Options extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** How a person runs it, e.g. `npm run bench --`. */
  command: string;
  /** What follows the command in the synopsis, when more than `[options]`; one line each. */
  synopsis?: string[];
  /** What it does, a sentence or two. */
  summary: string;
  options?: Options;
  /** Words after the options, e.g. `<scenario>`; without any, a positional word is a usage error. */
  positionals?: { name: string; description: string; required?: boolean }[];
  /** Arguments after the first positional go to another program untouched (`npm run kafka`). */
  passThrough?: boolean;
  /** Anything else the reader needs: environment variables, examples. */
  notes?: string[];
  /** Codes beside 0, 1 and 64, with what they mean. */
  exitCodes?: Record<number, string>;
  /** What 1 means for this command, when it says more than "it failed". */
  failure?: string;
}

type OptionValue<Option extends OptionSpec> = Option['type'] extends 'boolean' ? boolean : string;
export type OptionValues<Options extends Record<string, OptionSpec>> = {
  [Name in keyof Options]: Options[Name]['type'] extends 'boolean'
    ? boolean
    : Options[Name] extends { default: string }
      ? OptionValue<Options[Name]>
      : OptionValue<Options[Name]> | undefined;
};

export interface CommandLine<Options extends Record<string, OptionSpec>> {
  values: OptionValues<Options>;
  positionals: string[];
}

/** Prints the problem and the usage on stderr and exits 64: nothing was done. */
export function usageError(spec: CommandSpec, problem: string): never {
  process.stderr.write(`${spec.command}: ${problem}\n\n${formatUsage(spec)}\n`);
  process.exit(EXIT_USAGE);
}

/** The usage text `--help` prints: what the command does, its options with defaults, its exit codes. */
export function formatUsage(spec: CommandSpec): string {
  const options = Object.entries(spec.options ?? {});
  const synopsis = spec.synopsis ?? [
    [
      options.length > 0 ? '[options]' : '',
      ...(spec.positionals ?? []).map(({ name, required }) => (required ? `<${name}>` : `[<${name}>]`)),
    ]
      .filter(Boolean)
      .join(' '),
  ];
  const lines = synopsis.map((line, index) =>
    `${index === 0 ? 'usage:' : '      '} ${spec.command} ${line}`.trimEnd(),
  );
  lines.push('', spec.summary);
  if (spec.positionals?.length) {
    lines.push('', 'arguments:');
    for (const { name, description } of spec.positionals) lines.push(row(`<${name}>`, description));
  }
  lines.push('', 'options:');
  for (const [name, option] of options) {
    const flag = `--${name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`;
    const fallback = option.default === undefined ? '' : ` (default: ${option.default})`;
    lines.push(row(flag, option.description + fallback));
  }
  lines.push(row('-h, --help', 'print this help and do nothing else'));
  if (spec.notes?.length) lines.push('', ...spec.notes);
  lines.push('', 'exit codes:');
  const codes: Record<number, string> = {
    [EXIT_OK]: 'done',
    [EXIT_FAILED]: spec.failure ?? 'it failed (the error says which step, and where its log is)',
    ...spec.exitCodes,
    [EXIT_USAGE]: 'wrong command line (unknown option, bad value): nothing was done',
  };
  for (const [code, meaning] of Object.entries(codes)) lines.push(row(code, meaning));
  return lines.join('\n');
}

function row(term: string, description: string): string {
  return term.length < 24
    ? `  ${term.padEnd(24)}${description}`
    : `  ${term}\n  ${' '.repeat(24)}${description}`;
}

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Reads a command line against its spec: `--help` or `-h` prints the usage and exits 0 before anything
 * else happens; an unknown option, a missing value or an unexpected word prints the problem and the
 * usage and exits 64. Values are left as text: each command checks its own and calls `usageError`.
 */
export function parseCommandLine<Options extends Record<string, OptionSpec>>(
  spec: CommandSpec<Options>,
  args: readonly string[] = process.argv.slice(2),
): CommandLine<Options> {
  // Past the first positional of a pass-through command, --help belongs to the other program.
  const own = spec.passThrough ? args.slice(0, 1) : args.slice(0, endOfOptions(args));
  if (own.some((arg) => HELP_FLAGS.has(arg))) {
    process.stdout.write(`${formatUsage(spec)}\n`);
    process.exit(EXIT_OK);
  }
  if (spec.passThrough) return { values: {} as OptionValues<Options>, positionals: [...args] };
  const { values, positionals } = readArgs(spec, args);
  const allowed = spec.positionals ?? [];
  const required = allowed.filter((positional) => positional.required);
  if (positionals.length > allowed.length)
    usageError(spec, `unexpected argument ${JSON.stringify(positionals[allowed.length])}`);
  if (positionals.length < required.length)
    usageError(spec, `missing <${required[positionals.length]?.name}>`);
  return { values: values as OptionValues<Options>, positionals };
}

function readArgs(spec: CommandSpec, args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: Object.fromEntries(
        Object.entries(spec.options ?? {}).map(([name, option]) => [
          name,
          option.type === 'boolean'
            ? { type: 'boolean' as const, default: false }
            : { type: 'string' as const, default: option.default },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs names the option ("Unknown option '--x'"); its advice on positionals is beside the point.
    return usageError(spec, (error as Error).message.split('. ')[0] ?? String(error));
  }
}

function endOfOptions(args: readonly string[]): number {
  const index = args.indexOf('--');
  return index === -1 ? args.length : index;
}
