import { spawnSync } from 'node:child_process';

export interface PromtoolResult {
  status: number | null;
  output: string;
}

/** Runs promtool (Debian's `prometheus` package) and returns its exit status and combined output. */
export function runPromtool(args: string[], cwd: string): PromtoolResult {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'promtool is not installed: run `npm run prerequisites` (installs Prometheus with promtool from Debian)'
        : `promtool ${args.join(' ')} could not run: ${result.error.message}`,
    );
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
