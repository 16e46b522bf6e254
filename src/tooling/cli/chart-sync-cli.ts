import { syncChartFiles } from '../deploy/chart-files.ts';

try {
  const written = syncChartFiles();
  console.log(
    `[chart:sync] copied ${written.length} files into charts/outbox-pipeline/: ${written.join(', ')}`,
  );
} catch (error) {
  console.error(`[chart:sync] FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
}
