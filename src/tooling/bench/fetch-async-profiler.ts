import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { runLongStep } from '../stack/long-step.ts';
import type { StackSettings } from '../stack/stack-settings.ts';

const POM = path.join(PROJECT_ROOT, 'stack', 'jvm-profiler', 'pom.xml');
const PLATFORMS: Partial<Record<NodeJS.Architecture, string>> = { x64: 'linux-x64', arm64: 'linux-arm64' };

/** The platform folder of async-profiler's jar that holds this machine's agent. */
export function profilerPlatform(platform: NodeJS.Platform, arch: NodeJS.Architecture): string {
  const folder = platform === 'linux' ? PLATFORMS[arch] : undefined;
  if (!folder)
    throw new Error(
      `async-profiler's jar carries a Linux agent for x64 and arm64 only; this machine is ${platform} ${arch}`,
    );
  return folder;
}

/**
 * async-profiler's native agent for this machine, unpacked from its Maven Central jar with `mvn` (cached
 * in ~/.m2) into the download folder, unless this exact pom already put it there.
 */
export async function fetchAsyncProfilerIfMissing(
  settings: StackSettings,
  log: (line: string) => void,
): Promise<string> {
  const platform = profilerPlatform(process.platform, process.arch);
  const folder = path.join(settings.downloadDir, 'profiler');
  const agent = path.join(folder, platform, 'libasyncProfiler.so');
  const pom = readFileSync(POM, 'utf8');
  const stamp = path.join(folder, 'pom.fetched.xml');
  if (existsSync(agent) && existsSync(stamp) && readFileSync(stamp, 'utf8') === pom) return agent;
  await runLongStep(
    {
      what: 'async-profiler',
      doing: 'fetching its jar from Maven Central with mvn (seconds once ~/.m2 has it)',
      command: 'mvn',
      args: [
        '-B',
        '-f',
        POM,
        `-Dstack.dir=${settings.downloadDir}`,
        `-Dprofiler.platform=${platform}`,
        'package',
      ],
      logFile: path.join(folder, 'maven.log'),
      activity: (line) => (line.startsWith('Downloaded from ') ? line.slice(16) : undefined),
      missing: 'is Maven installed?',
    },
    log,
  );
  if (!existsSync(agent))
    throw new Error(`mvn ran but left no ${agent}; see ${path.join(folder, 'maven.log')}`);
  writeFileSync(stamp, pom);
  return agent;
}
