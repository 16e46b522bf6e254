#!/usr/bin/env bash
# Run once by compose's `certs` service: a CA for this deployment and one server certificate, signed by
# it, for every service name. Kept in the `certs` volume, which the other services mount read-only.
set -euo pipefail
cd /certs
if [[ -s ca.crt && -s server.crt && -s server.key && -s kafka-server.pem ]]; then exit 0; fi
umask 077
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
openssl req -x509 -new -key ca.key -sha256 -days 825 -subj "/CN=outbox-pipeline compose CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out ca.crt
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server.key
openssl req -new -key server.key -subj /CN=localhost -out server.csr
printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
  'extendedKeyUsage=serverAuth,clientAuth' \
  'subjectAltName=DNS:calculator,DNS:totals,DNS:postgres,DNS:kafka,DNS:connect,DNS:localhost,IP:127.0.0.1' \
  > server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 825 \
  -extfile server.ext -out server.crt
# Kafka's ssl.keystore.type=PEM reads a PKCS#8 key and its certificate from one file.
cat server.key server.crt > kafka-server.pem
rm -f server.csr server.ext ca.srl ca.key
# The CA is public; the Kafka key file belongs to the apache/kafka image's user (uid 1000) alone.
chmod 0644 ca.crt server.crt
chown 1000:1000 kafka-server.pem
chmod 0600 kafka-server.pem server.key
