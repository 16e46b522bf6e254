import type { SectionRun } from './bench-results.ts';
import { renderJvmProfiles } from './jvm-profile-report.ts';
import type { ProfiledJvm } from './profile-jvms.ts';
import type { ProfiledProcess } from './profiled-process.ts';
import { count } from './report-format.ts';

export interface ProfileResults extends SectionRun {
  processes: ProfiledProcess[];
  /** Absent from the results of runs that profiled the Node services only. */
  jvms?: ProfiledJvm[];
}

// Owners below this share of the samples (both ways of counting) are summed into one row.
const SMALLEST_ROW = 0.01;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** Each profiled process's samples by owner, as docs/benchmarks.md shows them. */
export function renderProfileReport(results: ProfileResults): string {
  const lines = [
    `CPU profiles of ${results.ranAt} on ${results.machine}: each service run as the stack runs it, under ` +
      '`node --cpu-prof`; only the samples taken under load count. "Own" is the share of samples in the ' +
      "owner's own functions; the last column also counts the Node.js internals and V8 builtins it called.",
  ];
  for (const profiled of results.processes) {
    const { summary } = profiled;
    const shown = summary.shares.filter(
      (share) => share.self >= SMALLEST_ROW || share.withCallees >= SMALLEST_ROW,
    );
    const rest = summary.shares.filter((share) => !shown.includes(share));
    const sum = (shares: typeof rest, key: 'self' | 'withCallees') =>
      shares.reduce((total, share) => total + share[key], 0);
    lines.push(
      '',
      `**${profiled.name}**: ${profiled.load}; ${count(profiled.perSecond)} ${profiled.unit} a second, ` +
        `${count(summary.samples)} samples over ${summary.seconds.toFixed(1)} s.`,
      '',
      '| where the samples were | own | with the internals it called |',
      '|---|---|---|',
      ...shown.map((share) => `| ${share.owner} | ${percent(share.self)} | ${percent(share.withCallees)} |`),
    );
    if (rest.length > 0)
      lines.push(
        `| ${rest.length} others, each under ${percent(SMALLEST_ROW)} | ${percent(sum(rest, 'self'))} | ${percent(sum(rest, 'withCallees'))} |`,
      );
  }
  lines.push(...renderJvmProfiles(results.jvms ?? []));
  return `${lines.join('\n')}\n`;
}
