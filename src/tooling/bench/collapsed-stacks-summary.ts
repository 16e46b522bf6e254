/**
 * Summaries of async-profiler's collapsed stacks, as written with `threads,ann,collapsed`: one line per
 * distinct stack, `[thread name tid=N];root frame;…;leaf frame <samples>`, each frame annotated with
 * `_[j]` (JIT-compiled Java), `_[i]` (inlined), `_[0]`/`_[1]` (interpreted, C1) or `_[k]` (kernel).
 */

export interface JvmShare {
  name: string;
  /** Share of all samples. */
  share: number;
  /** Share of all samples that were in the kernel when taken (system calls, network, page faults). */
  inKernel: number;
}

export interface JvmSummary {
  samples: number;
  byThreadGroup: JvmShare[];
  byOwner: JvmShare[];
}

export const TLS = 'TLS (sun.security, javax.crypto)';
export const JDK = 'JDK (java.*, sun.*, jdk.*)';
export const JIT_COMPILER = 'JIT compiler';
export const GC = 'GC';
export const KERNEL = 'kernel';
export const JVM_RUNTIME = 'JVM runtime (native)';

const JAVA_FRAME = /_\[[ij01]\]$/;
const KERNEL_FRAME = /_\[k\]$/;
const TLS_PACKAGE = /^(sun\.security\.|javax\.crypto\.|javax\.net\.ssl\.|com\.sun\.crypto\.)/;
const JDK_PACKAGE = /^(java|javax|jdk|sun|com\.sun)\./;
// How many leading segments of a package name its owner: Kafka's clients, Connect, storage… apart.
const OWNER_DEPTH: [RegExp, number][] = [
  [/^org\.apache\.kafka\./, 4],
  [/^(io\.debezium|org\.postgresql|kafka)\./, 2],
];
const DEFAULT_OWNER_DEPTH = 3;
// Native thread names are cut to the 15 characters Linux keeps: "C2 CompilerThre".
const COMPILER_THREAD = /^C[12] Compiler/;
const GC_THREAD = /^(GC Thread|G1 |VM Thread)/;

/**
 * A thread's group: its name without the numbers that tell threads of one pool apart, so that
 * `data-plane-kafka-request-handler-3` and `GC Thread#1` count with their siblings.
 */
export function threadGroupOf(threadName: string): string {
  return threadName
    .replace(/ tid=\d+$/, '')
    .replace(/[-#]\d+(?=$|[\s|)-])/g, '')
    .replace(/(?<=[A-Za-z])\d+$/, '')
    .trim();
}

/** The dotted package of a Java frame such as `org/apache/kafka/common/network/Selector.poll_[j]`. */
export function javaPackageOf(frame: string): string {
  const className = (frame.replace(JAVA_FRAME, '').split('.')[0] ?? '').replaceAll('/', '.');
  return className.slice(0, Math.max(0, className.lastIndexOf('.')));
}

function ownerOfPackage(javaPackage: string): string {
  const segments = javaPackage.split('.');
  const depth = OWNER_DEPTH.find(([pattern]) => pattern.test(`${javaPackage}.`))?.[1] ?? DEFAULT_OWNER_DEPTH;
  return segments.slice(0, depth).join('.');
}

/**
 * Who a stack's sample belongs to: the package of the frame nearest the leaf that is Java and not the
 * JDK's (TLS counts apart, as the JDK classes a library calls to encrypt); a stack of the JDK's Java frames
 * only belongs to the JDK; one without Java frames to the JIT compiler, GC, the kernel or the JVM's runtime.
 */
export function ownerOfStack(threadGroup: string, frames: string[]): string {
  let sawJava = false;
  for (let index = frames.length - 1; index >= 0; index -= 1) {
    const frame = frames[index] as string;
    if (!JAVA_FRAME.test(frame)) continue;
    sawJava = true;
    const javaPackage = javaPackageOf(frame);
    if (TLS_PACKAGE.test(`${javaPackage}.`)) return TLS;
    if (JDK_PACKAGE.test(`${javaPackage}.`)) continue;
    return javaPackage === '' ? 'Java (default package)' : ownerOfPackage(javaPackage);
  }
  if (sawJava) return JDK;
  if (COMPILER_THREAD.test(threadGroup)) return JIT_COMPILER;
  if (GC_THREAD.test(threadGroup)) return GC;
  if (KERNEL_FRAME.test(frames.at(-1) ?? '')) return KERNEL;
  return JVM_RUNTIME;
}

/** Shares of the samples by thread group and by owner, largest first. */
export function summariseCollapsedStacks(collapsed: string): JvmSummary {
  const byThread = new Map<string, { samples: number; inKernel: number }>();
  const byOwner = new Map<string, { samples: number; inKernel: number }>();
  const add = (totals: typeof byThread, key: string, samples: number, inKernel: boolean) => {
    const known = totals.get(key) ?? { samples: 0, inKernel: 0 };
    known.samples += samples;
    if (inKernel) known.inKernel += samples;
    totals.set(key, known);
  };
  let samples = 0;
  for (const [index, line] of collapsed.split('\n').entries()) {
    if (line.trim() === '') continue;
    const parsed = /^\[(.*? tid=\d+)\](?:;(.*))? (\d+)$/.exec(line);
    if (!parsed)
      throw new Error(
        `line ${index + 1} of the collapsed stacks is not "[thread];frames count" (was the profile taken with "threads"?): ${line.slice(0, 120)}`,
      );
    const [, thread = '', stack, count] = parsed;
    const frames = stack ? stack.split(';') : [];
    const group = threadGroupOf(thread);
    const inKernel = KERNEL_FRAME.test(frames.at(-1) ?? '');
    add(byThread, group, Number(count), inKernel);
    add(byOwner, ownerOfStack(group, frames), Number(count), inKernel);
    samples += Number(count);
  }
  const shares = (totals: typeof byThread): JvmShare[] =>
    [...totals]
      .map(([name, counted]) => ({
        name,
        share: counted.samples / samples,
        inKernel: counted.inKernel / samples,
      }))
      .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name));
  return { samples, byThreadGroup: shares(byThread), byOwner: shares(byOwner) };
}
