import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import path from 'node:path';

/** What the prerequisites check asks of the machine; the tests pass their own answers. */
export interface PrerequisiteProbes {
  /** A command's standard output and error together, or undefined when the command is not installed. */
  output(command: string, args: string[]): Promise<string | undefined>;
  /** Whether a command is on PATH. */
  hasCommand(command: string): Promise<boolean>;
  /** Bytes free to an unprivileged user on the file system that holds `folder`. */
  freeBytes(folder: string): Promise<number>;
  isRoot: boolean;
}

function outputOf(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      // A command that is there but fails (a broken Java) still says why in its output.
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') resolve(undefined);
      else resolve(`${stdout}${stderr}`);
    });
  });
}

/** The probes of this machine. */
export const machineProbes: PrerequisiteProbes = {
  output: outputOf,
  hasCommand: async (command) => {
    const folders = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
    const executable = await Promise.all(
      folders.map((folder) =>
        access(path.join(folder, command), constants.X_OK).then(
          () => true,
          () => false,
        ),
      ),
    );
    return executable.includes(true);
  },
  freeBytes: async (folder) => {
    const stats = await statfs(folder);
    return stats.bavail * stats.bsize;
  },
  isRoot: process.getuid?.() === 0,
};
