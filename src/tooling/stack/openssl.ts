import { execFileSync } from 'node:child_process';

/** Runs openssl in `folder`; a failure names what was being made and carries openssl's own message. */
export function runOpenssl(folder: string, args: string[], making: string): void {
  try {
    execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed while making ${making}: ${stderr || error}`);
  }
}
