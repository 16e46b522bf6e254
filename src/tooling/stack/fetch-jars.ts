import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
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
  log(
    'fetching Kafka, Kafka Connect, Debezium and JMX exporter jars from Maven Central (once; cached in ~/.m2)',
  );
  const mavenLog = path.join(settings.downloadDir, 'maven.log');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('mvn', ['-B', '-ntp', '-f', POM, `-Dstack.dir=${settings.downloadDir}`, 'package'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) =>
      reject(new Error(`could not run mvn (is Maven installed?): ${error.message}`)),
    );
    child.on('close', (code) => {
      writeFileSync(mavenLog, Buffer.concat(output));
      if (code === 0) resolve();
      else reject(new Error(`mvn failed with exit code ${code}; its log: ${mavenLog}`));
    });
  });
  writeFileSync(stamp, poms);
  log(`jars ready in ${path.relative(process.cwd(), settings.downloadDir) || settings.downloadDir}`);
}
