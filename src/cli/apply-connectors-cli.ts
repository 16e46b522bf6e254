import { loadConnectorsTargetConfig } from '../deploy/connectors-target-config.ts';
import { applyConnectors } from '../stack/apply-connectors.ts';

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
