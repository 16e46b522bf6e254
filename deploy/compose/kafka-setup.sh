#!/usr/bin/env bash
# Run once by compose's `kafka-setup` job as the Kafka admin: the event topic, then the ACLs of the two
# principals, exactly as the local stack grants them (src/tooling/stack/kafka-acls.ts). Both are idempotent.
set -euo pipefail
: "${KAFKA_ADMIN_PASSWORD:?is required}"
umask 077
config=/tmp/admin-client.properties
cat > "$config" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
ssl.truststore.type=PEM
ssl.truststore.location=/certs/ca.crt
PROPERTIES
kafka=(--bootstrap-server kafka:9092 --command-config "$config")
bin=/opt/kafka/bin

"$bin/kafka-topics.sh" "${kafka[@]}" --create --if-not-exists --topic calculation.events \
  --partitions 3 --replication-factor 1

allow() { "$bin/kafka-acls.sh" "${kafka[@]}" --add --allow-principal "User:$1" "${@:2}" > /dev/null; }
# Connect: writes the events and Debezium's heartbeats, keeps its state in its own topics and group.
allow connect --operation Write --operation Describe --topic calculation.events
allow connect --operation Create --operation Write --operation Describe --topic __debezium-heartbeat.calculator
for topic in connect-configs connect-offsets connect-status; do
  allow connect --operation Create --operation Read --operation Write --operation Describe \
    --operation DescribeConfigs --topic "$topic"
done
allow connect --operation Read --operation Describe --group outbox-pipeline-connect
# The totals keeper: reads the events and uses its own consumer group.
allow totals --operation Read --operation Describe --topic calculation.events
allow totals --operation Read --operation Describe --group totals-keeper
echo "kafka-setup: topic calculation.events and the ACLs of connect and totals are in place"
