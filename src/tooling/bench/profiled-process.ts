import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import type { BenchPlan } from './bench-plan.ts';
import { type CpuProfile, type CpuSummary, summariseCpuProfile } from './cpu-profile-summary.ts';

export interface ProfiledProcess {
  name: string;
  /** What it was doing while the samples that count were taken. */
  load: string;
  perSecond: number;
  unit: string;
  summary: CpuSummary;
}

export type ProfilePlan = BenchPlan['profile'];

/** Node's CPU profiler, writing one profile per process when it exits. */
export function cpuProfileFlags(directory: string, name: string): string[] {
  return ['--cpu-prof', `--cpu-prof-dir=${directory}`, `--cpu-prof-name=${name}.cpuprofile`];
}

/** Now on the monotonic clock the profiles' timestamps use, in microseconds. */
export const monotonicMicroseconds = () => Number(process.hrtime.bigint() / 1000n);

export function summariseProfileFile(file: string, window: { fromUs: number; toUs: number }): CpuSummary {
  return summariseCpuProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, PROJECT_ROOT, window);
}
