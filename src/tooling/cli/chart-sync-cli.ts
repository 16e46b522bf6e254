import { syncChartFiles } from '../deploy/chart-files.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  command: 'npm run chart:sync',
  summary:
    'Copies the files the Helm chart ships from their sources (dashboards/, stack/prometheus/rules/,\n' +
    'connectors/, deploy/compose/) into charts/outbox-pipeline/files/, which Helm can read.',
});

try {
  const written = syncChartFiles();
  console.log(
    `[chart:sync] copied ${written.length} files into charts/outbox-pipeline/: ${written.join(', ')}`,
  );
} catch (error) {
  console.error(`[chart:sync] FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
}
