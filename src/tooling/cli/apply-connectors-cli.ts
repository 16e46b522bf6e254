import { runApplyConnectorsJob } from '../../services/jobs/apply-connectors.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  command: 'npm run connectors:apply',
  summary:
    'PUTs every connectors/<name>.json to Kafka Connect and waits until each connector and its tasks run:\n' +
    "the local stack's Kafka Connect, or the one KAFKA_CONNECT_URL names.",
  notes: [
    'CONNECTORS_DIR: the folder of connector configs (default connectors/)',
    'CONNECTORS_RUNNING_TIMEOUT_SECONDS: how long a connector gets to run (default 90)',
  ],
  failure: "a connector did not run (the error carries Kafka Connect's own trace)",
});
await runApplyConnectorsJob(() => loadStackSettings().connectUrl);
