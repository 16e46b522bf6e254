import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface Interruptible {
  /** A line for the terminal, if it is still there, and for the log file, which always is. */
  log(line: string): void;
  /** The same for a failure, on stderr. */
  logFailure(line: string): void;
  /** Runs the stop once (a second call while it runs only says so), then exits with `code`. */
  stopAndExit(code: number): Promise<void>;
}

/**
 * A reader of our output that goes away (`| tee` killed by the same Ctrl-C) must not end the process
 * with EPIPE while it is still putting things back in order: write errors on stdout and stderr are
 * dropped, the work goes on.
 */
export function ignoreClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

/**
 * Stops what a long-running command started when it is interrupted (SIGINT, SIGTERM), even when its
 * output went to a pipe whose reader is gone: Ctrl-C on `npm start | tee start.log` kills tee as well,
 * and the first line written to the closed pipe fails with EPIPE, which, unhandled, would end the process
 * halfway through the stop and leave everything running. Write errors on stdout and stderr are therefore
 * ignored, and every line is also appended to `logFile`, so the stop can still be read afterwards.
 */
export function stopOnInterrupt(options: {
  prefix: string;
  logFile: string;
  stop: (log: (line: string) => void) => Promise<void>;
}): Interruptible {
  ignoreClosedOutput();
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const write = (print: (text: string) => void) => (line: string) => {
    print(`${options.prefix} ${line}`);
    appendFileSync(options.logFile, `${new Date().toISOString()} ${options.prefix} ${line}\n`);
  };
  const log = write(console.log);
  const logFailure = write(console.error);
  let stopping = false;
  const stopAndExit = async (code: number) => {
    // npm passes Ctrl-C on and may follow it with SIGTERM: a stop already under way is left to finish.
    if (stopping) {
      log('still stopping; everything is being shut down in order');
      return;
    }
    stopping = true;
    log('stopping everything this command started');
    try {
      await options.stop(log);
    } catch (error) {
      logFailure(`the stop failed: ${(error as Error).stack ?? error}`);
      code = code || 1;
    }
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAndExit(0));
  return { log, logFailure, stopAndExit };
}
