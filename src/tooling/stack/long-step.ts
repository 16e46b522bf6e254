import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const PROGRESS_EVERY_MS = 15_000;

export interface LongStep {
  /** What is being made, e.g. `k6`; every line starts with it. */
  what: string;
  /** What the step does and roughly how long it takes, e.g. `building with Go (minutes the first time)`. */
  doing: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the command's whole output goes. */
  logFile: string;
  /** Reads each line the command prints and says what it is busy with, or undefined to keep the last. */
  activity?: (line: string) => string | undefined;
  /** What to tell someone whose machine lacks the command. */
  missing?: string;
  progressEveryMs?: number;
}

/**
 * Runs a step that takes minutes (a Maven fetch, a Go build): one line when it starts saying what and
 * roughly how long, one every 15 s with the time so far and what the command is doing, one when it is
 * done; on failure an error naming the step, its exit code and the log holding its whole output.
 */
export async function runLongStep(step: LongStep, log: (line: string) => void): Promise<void> {
  mkdirSync(path.dirname(step.logFile), { recursive: true });
  log(`${step.what}: ${step.doing}; log: ${step.logFile}`);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  let activity: string | undefined;
  const progress = setInterval(
    () => log(`${step.what}: still going after ${seconds()} s${activity ? `, ${activity}` : ''}`),
    step.progressEveryMs ?? PROGRESS_EVERY_MS,
  );
  const output = createWriteStream(step.logFile);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(step.command, step.args, {
        cwd: step.cwd,
        env: step.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => {
          output.write(`${line}\n`);
          activity = step.activity?.(line) ?? activity;
        });
      }
      child.on('error', (error) =>
        reject(
          new Error(
            `${step.what}: could not run ${step.command} (${step.missing ?? 'is it installed?'}): ${error.message}`,
          ),
        ),
      );
      child.on('close', resolve);
    });
    if (code !== 0)
      throw new Error(
        `${step.what}: ${step.command} ${step.args.join(' ')} failed with exit code ${code} after ${seconds()} s; its log: ${step.logFile}`,
      );
    log(`${step.what}: done in ${seconds()} s`);
  } finally {
    clearInterval(progress);
    await new Promise((resolve) => output.end(resolve));
  }
}

/** Progress of `go build -v` / `go install -v`, which names each package as it compiles it on stderr. */
export function goPackagesCompiled(): (line: string) => string | undefined {
  let compiled = 0;
  return (line) => {
    if (!line || line.startsWith('go: '))
      return line.startsWith('go: downloading') ? `${line.slice(4)}` : undefined;
    compiled += 1;
    return `${compiled} packages compiled`;
  };
}
