import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { runLongStep } from './long-step.ts';
import type { StackSettings } from './stack-settings.ts';

const POM = path.join(PROJECT_ROOT, 'stack', 'pom.xml');
const MODULE_POMS = ['kafka-runtime', 'debezium-plugin', 'jmx-exporter'].map((module) =>
  path.join(PROJECT_ROOT, 'stack', module, 'pom.xml'),
);

export const libDir = (settings: StackSettings) => path.join(settings.downloadDir, 'lib');
export const pluginDir = (settings: StackSettings) => path.join(settings.downloadDir, 'plugins');
const agentDir = (settings: StackSettings) => path.join(settings.downloadDir, 'agents');
export const jmxExporterAgent = (settings: StackSettings) =>
  path.join(agentDir(settings), 'jmx_prometheus_javaagent.jar');

/**
 * Fetches Kafka, Kafka Connect, Debezium and the JMX exporter agent from Maven Central with `mvn` (cached
 * in ~/.m2), unless the jars for this exact pom are already there.
 */
export async function fetchJarsIfMissing(
  settings: StackSettings,
  log: (line: string) => void,
): Promise<void> {
  const poms = [POM, ...MODULE_POMS].map((file) => readFileSync(file, 'utf8')).join('\n');
  const stamp = path.join(settings.downloadDir, 'poms.fetched.xml');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === poms) return;
  // Start clean: copy-dependencies adds jars but never removes one the poms no longer want.
  rmSync(libDir(settings), { recursive: true, force: true });
  rmSync(pluginDir(settings), { recursive: true, force: true });
  rmSync(agentDir(settings), { recursive: true, force: true });
  await runLongStep(
    {
      what: 'jars',
      doing:
        'fetching Kafka, Kafka Connect, Debezium and the JMX exporter from Maven Central with mvn ' +
        '(a few minutes the first time, seconds once ~/.m2 has them)',
      command: 'mvn',
      // Batch mode prints one line per artifact downloaded (no progress bars): the count is the progress.
      args: ['-B', '-f', POM, `-Dstack.dir=${settings.downloadDir}`, 'package'],
      logFile: path.join(settings.downloadDir, 'maven.log'),
      activity: mavenProgress(),
      missing: 'is Maven installed?',
    },
    log,
  );
  writeFileSync(stamp, poms);
  log(`jars ready in ${path.relative(process.cwd(), settings.downloadDir) || settings.downloadDir}`);
}

/** What Maven is at, from its batch-mode output: the module it builds and the artifacts downloaded so far. */
function mavenProgress(): (line: string) => string | undefined {
  let module = '';
  let downloaded = 0;
  return (line) => {
    const building = /^\[INFO\] Building (.+?) \S+ +\[(\d+\/\d+)\]$/.exec(line);
    if (building) module = `module ${building[1]} (${building[2]})`;
    else if (line.startsWith('Downloaded from ')) downloaded += 1;
    else return undefined;
    return [module, `${downloaded} artifacts downloaded`].filter(Boolean).join(', ');
  };
}
