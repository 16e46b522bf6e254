import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessTimes {
  parent: number;
  /** utime + stime + cutime + cstime, in clock ticks: its own CPU and that of children it has reaped. */
  ticks: number;
}

let ticksPerSecond: number | undefined;

/** The kernel's clock tick, in which /proc reports CPU time (100 on most Linux systems). */
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function readTimes(pid: number): ProcessTimes | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (number: number) => Number(fields[number - 3]);
  return { parent: field(4), ticks: field(14) + field(15) + field(16) + field(17) };
}

/**
 * CPU time, in milliseconds, spent so far by a process and every descendant alive now, plus the
 * descendants that already exited and were reaped (their time is in their parent's cutime/cstime): for
 * Postgres, the postmaster with every backend and the WAL sender.
 */
export function processTreeCpuMs(rootPid: number): number {
  return processTreesCpuMs({ root: rootPid }).root ?? 0;
}

/** The same for several trees at once, from one read of /proc, so all are taken at the same moment. */
export function processTreesCpuMs(roots: Record<string, number>): Record<string, number> {
  const all = new Map<number, ProcessTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = readTimes(Number(entry));
    if (times) all.set(Number(entry), times);
  }
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of all) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const treeTicks = (rootPid: number) => {
    let ticks = 0;
    const pending = [rootPid];
    while (pending.length > 0) {
      const pid = pending.pop() as number;
      ticks += all.get(pid)?.ticks ?? 0;
      pending.push(...(children.get(pid) ?? []));
    }
    return ticks;
  };
  return Object.fromEntries(
    Object.entries(roots).map(([name, pid]) => [name, (treeTicks(pid) * 1000) / clockTicksPerSecond()]),
  );
}
