import { runApplyConnectorsJob } from '../../services/jobs/apply-connectors.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';

// `npm run connectors:apply`: the image's job, against the local stack's Kafka Connect unless
// KAFKA_CONNECT_URL names another.
await runApplyConnectorsJob(() => loadStackSettings().connectUrl);
