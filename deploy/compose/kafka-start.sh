#!/usr/bin/env bash
# The broker of compose.yaml: one KRaft node whose client listener is SASL_SSL (SCRAM-SHA-512 over TLS)
# with the StandardAuthorizer, as in the local stack. The SCRAM users are made when the storage is first
# formatted; the ACLs come from the `kafka-setup` job. Passwords come from the environment, and the rendered
# files live in the container's own /tmp (0600), never in the image or the repository.
set -euo pipefail
: "${KAFKA_ADMIN_PASSWORD:?is required}" "${KAFKA_CONNECT_PASSWORD:?is required}" "${KAFKA_TOTALS_PASSWORD:?is required}"
umask 077
properties=/tmp/server.properties
cat > "$properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@kafka:9093
controller.listener.names=CONTROLLER
listeners=SASL_SSL://:9092,CONTROLLER://:9093
advertised.listeners=SASL_SSL://kafka:9092
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
ssl.keystore.type=PEM
ssl.keystore.location=/certs/kafka-server.pem
ssl.truststore.type=PEM
ssl.truststore.location=/certs/ca.crt
# The controller listener is reachable only inside the compose network and only the broker uses it.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:ANONYMOUS
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES

# For the health check and Kafka's tools inside this container: log in as the admin.
cat > /tmp/admin-client.properties <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
ssl.truststore.type=PEM
ssl.truststore.location=/certs/ca.crt
PROPERTIES

/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id outbox-pipeline-compose0 \
  --config "$properties" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${KAFKA_ADMIN_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=connect,password=${KAFKA_CONNECT_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=totals,password=${KAFKA_TOTALS_PASSWORD}]" > /dev/null
exec /opt/kafka/bin/kafka-server-start.sh "$properties"
