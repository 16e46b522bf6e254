import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The size of a part's log now, to read only what it writes from here on. */
export function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function linesSince(file: string, offset: number): string[] {
  const length = logSize(file) - offset;
  if (length <= 0) return [];
  const buffer = Buffer.alloc(length);
  const descriptor = openSync(file, 'r');
  try {
    readSync(descriptor, buffer, 0, length, offset);
  } finally {
    closeSync(descriptor);
  }
  return buffer.toString('utf8').split('\n');
}

/** The lines a part logged after `offset` that match `pattern`. */
export function linesMatchingSince(file: string, offset: number, pattern: RegExp): string[] {
  return linesSince(file, offset).filter((line) => pattern.test(line));
}

/** The error and fatal lines a service logged (pino's JSON) after `offset`. */
export function errorLinesSince(file: string, offset: number): string[] {
  return linesSince(file, offset).filter((line) => /"level":"(error|fatal)"/.test(line));
}

/**
 * The warning, error and fatal lines a part logged after `offset`, in either format the stack's parts
 * write: pino's JSON (the services) or log4j's `[time] LEVEL` (Kafka Connect).
 */
export function warningLinesSince(file: string, offset: number): string[] {
  return linesSince(file, offset).filter(
    (line) => /"level":"(warn|error|fatal)"/.test(line) || /^\[[^\]]+\] (WARN|ERROR|FATAL) /.test(line),
  );
}
