import { ensureDeployTools } from '../deploy/deploy-tools.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

// Installs the validators `npm run test:deploy` uses (helm, kubeconform, Kubernetes schemas, hadolint,
// compose-check) and prints where they are.
try {
  const tools = ensureDeployTools(loadStackSettings().downloadDir, (line) =>
    console.log(`[deploy-tools] ${line}`),
  );
  for (const [name, location] of Object.entries(tools)) console.log(`[deploy-tools] ${name}: ${location}`);
} catch (error) {
  console.error(`[deploy-tools] FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
}
