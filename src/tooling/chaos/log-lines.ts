import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The size of a part's log now, to read only what it writes from here on. */
export function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The error and fatal lines a part logged after `offset`. */
export function errorLinesSince(file: string, offset: number): string[] {
  const length = logSize(file) - offset;
  if (length <= 0) return [];
  const buffer = Buffer.alloc(length);
  const descriptor = openSync(file, 'r');
  try {
    readSync(descriptor, buffer, 0, length, offset);
  } finally {
    closeSync(descriptor);
  }
  return buffer
    .toString('utf8')
    .split('\n')
    .filter((line) => /"level":"(error|fatal)"/.test(line));
}
