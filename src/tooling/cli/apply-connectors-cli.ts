import { applyConnectors } from '../../services/jobs/apply-connectors.ts';
import { loadConnectorsTargetConfig } from '../../services/jobs/connectors-target-config.ts';

try {
  const target = loadConnectorsTargetConfig();
  await applyConnectors(
    target.connectUrl,
    target.folder,
    (line) => console.log(`[connectors] ${line}`),
    target.timeoutMs,
  );
} catch (error) {
  console.error(`[connectors] FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
}
