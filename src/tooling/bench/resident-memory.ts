import { readFileSync } from 'node:fs';

/** A process's resident set size in MiB, from /proc; undefined once it is gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the peak RSS of some processes every second until stopped. */
export function trackPeakMemory(pids: Record<string, number>): () => Record<string, number> {
  const peaks: Record<string, number> = Object.fromEntries(Object.keys(pids).map((name) => [name, 0]));
  const sample = () => {
    for (const [name, pid] of Object.entries(pids))
      peaks[name] = Math.max(peaks[name] ?? 0, residentMiB(pid) ?? 0);
  };
  sample();
  const timer = setInterval(sample, 1_000);
  return () => {
    clearInterval(timer);
    sample();
    return peaks;
  };
}
