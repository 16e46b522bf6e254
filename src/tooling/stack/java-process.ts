import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { jmxExporterAgent, libDir } from './fetch-jars.ts';
import type { StackSettings } from './stack-settings.ts';

export const stackFile = (...parts: string[]) => path.join(PROJECT_ROOT, 'stack', ...parts);

/** Serves the JVM's MBeans that `config` selects as Prometheus metrics on loopback, at `port`. */
interface MetricsAgent {
  port: number;
  config: string;
}

/** A JVM of the stack: the jars from Maven Central on its class path, its log in `<logDir>/<name>`. */
export function javaProcess(
  settings: StackSettings,
  name: string,
  mainClass: string,
  args: string[],
  heap: string,
  metrics?: MetricsAgent,
) {
  return {
    command: 'java',
    args: [
      ...(metrics
        ? [`-javaagent:${jmxExporterAgent(settings)}=${settings.host}:${metrics.port}:${metrics.config}`]
        : []),
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${stackFile('log4j2.properties')}`,
      `-Dkafka.logs.dir=${path.join(settings.logDir, name)}`,
      '-cp',
      `${libDir(settings)}/*`,
      mainClass,
      ...args,
    ],
  };
}
