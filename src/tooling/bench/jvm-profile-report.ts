import type { JvmShare } from './collapsed-stacks-summary.ts';
import type { ProfiledJvm } from './profile-jvms.ts';
import { count } from './report-format.ts';

// Rows below this share of the samples are summed into one.
const SMALLEST_ROW = 0.01;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

function shareRows(heading: string, shares: JvmShare[]): string[] {
  const shown = shares.filter((share) => share.share >= SMALLEST_ROW);
  const rest = shares.filter((share) => share.share < SMALLEST_ROW);
  const sum = (key: 'share' | 'inKernel') => rest.reduce((total, share) => total + share[key], 0);
  return [
    `| ${heading} | samples | of which in the kernel |`,
    '|---|---|---|',
    ...shown.map((share) => `| ${share.name} | ${percent(share.share)} | ${percent(share.inKernel)} |`),
    ...(rest.length > 0
      ? [
          `| ${rest.length} others, each under ${percent(SMALLEST_ROW)} | ${percent(sum('share'))} | ${percent(sum('inKernel'))} |`,
        ]
      : []),
  ];
}

/** Each JVM's samples by thread group and by owning package, as docs/benchmarks.md shows them. */
export function renderJvmProfiles(jvms: ProfiledJvm[]): string[] {
  if (jvms.length === 0) return [];
  const lines = [
    '',
    "The stack's JVMs, sampled by async-profiler (CPU clock, every 1 ms of CPU) while its whole pipeline " +
      'carried a fixed rate. Threads are grouped by name without their numbers; a sample belongs to the ' +
      'package of the nearest Java frame that is not the JDK\'s ("TLS" for the JDK\'s TLS and crypto ' +
      'classes), or else to the JDK, the JIT compiler, GC, the kernel or the JVM runtime. CPU per addition is ' +
      "the whole process's, from /proc, over the same window.",
  ];
  for (const jvm of jvms) {
    lines.push(
      '',
      `**${jvm.name}**: ${jvm.load}; ${count(jvm.perSecond)} additions reached Kafka a second; ` +
        `${jvm.cpuMsPerAddition.toFixed(2)} CPU-ms per addition (${jvm.cores.toFixed(2)} cores); ` +
        `${count(jvm.summary.samples)} samples, in \`${jvm.collapsedStacks}\` of the data folder.`,
      '',
      ...shareRows('thread group', jvm.summary.byThreadGroup),
      '',
      ...shareRows('where the samples were', jvm.summary.byOwner),
    );
  }
  return lines;
}
