import path from 'node:path';
import { applyConnectors } from '../stack/apply-connectors.ts';
import { loadStackSettings, PROJECT_ROOT } from '../stack/stack-settings.ts';

const settings = loadStackSettings();
try {
  await applyConnectors(settings.connectUrl, path.join(PROJECT_ROOT, 'connectors'), (line) =>
    console.log(`[connectors] ${line}`),
  );
} catch (error) {
  console.error(`[connectors] FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
}
