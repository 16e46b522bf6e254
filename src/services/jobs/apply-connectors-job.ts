import { runApplyConnectorsJob } from './apply-connectors.ts';

// The image's `apply-connectors`: PUTs connectors/*.json to the Kafka Connect at KAFKA_CONNECT_URL.
await runApplyConnectorsJob();
