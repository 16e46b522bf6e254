import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, type StackSettings } from './stack-settings.ts';

const POM = path.join(PROJECT_ROOT, 'stack', 'pom.xml');

export const libDir = (settings: StackSettings) => path.join(settings.downloadDir, 'lib');
export const pluginDir = (settings: StackSettings) => path.join(settings.downloadDir, 'plugins');

/**
 * Fetches Kafka, Kafka Connect and Debezium from Maven Central with `mvn` (cached in ~/.m2), unless the
 * jars for this exact pom are already there.
 */
export async function fetchJarsIfMissing(
  settings: StackSettings,
  log: (line: string) => void,
): Promise<void> {
  const pom = readFileSync(POM, 'utf8');
  const stamp = path.join(settings.downloadDir, 'pom.fetched.xml');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === pom) return;
  log('fetching Kafka, Kafka Connect and Debezium jars from Maven Central (once; cached in ~/.m2)');
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
  writeFileSync(stamp, pom);
  log(`jars ready in ${path.relative(process.cwd(), settings.downloadDir) || settings.downloadDir}`);
}
