#!/bin/sh
# The `certs` one-shot: a CA of this compose project and one server certificate for every service name,
# made once into the `certs` volume (`docker compose down -v` forgets them; the next `up` makes new ones).
#   /certs/ca.crt              the CA every client trusts (the only file here that is not a secret)
#   /certs/server.crt          the server certificate (SANs: each service name, localhost, 127.0.0.1)
#   /certs/server.key          its key, for the pipeline image (uid 1000)
#   /certs/kafka-server.pem    PKCS#8 key + certificate in one PEM, as Kafka's ssl.keystore.type=PEM reads it (uid 1000)
#   /certs/postgres-server.key the key again, owned by the postgres image's user (uid 999), as Postgres demands
# Nothing is printed but file names: never a key.
set -eu
cd /certs
if [ -s ca.crt ] && [ -s server.crt ] && [ -s server.key ] && [ -s kafka-server.pem ] && [ -s postgres-server.key ]; then
  echo "certs: kept the certificates already in the volume"
  exit 0
fi
apk add --no-cache --quiet openssl
umask 077
work=$(mktemp -d)
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days 825 -subj "/CN=outbox-pipeline compose CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$work/ca.crt"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/server.key"
openssl req -new -key "$work/server.key" -subj "/CN=outbox-pipeline" -out "$work/server.csr"
cat > "$work/server.ext" <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:calculator,DNS:totals,DNS:postgres,DNS:kafka,DNS:connect,DNS:localhost,IP:127.0.0.1
EXT
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -sha256 -days 825 -extfile "$work/server.ext" -out "$work/server.crt"
cat "$work/server.key" "$work/server.crt" > "$work/kafka-server.pem"
cp "$work/server.key" "$work/postgres-server.key"
install -m 0644 "$work/ca.crt" "$work/server.crt" /certs/
install -m 0400 -o 1000 -g 1000 "$work/server.key" "$work/kafka-server.pem" /certs/
install -m 0400 -o 999 -g 999 "$work/postgres-server.key" /certs/
rm -rf "$work"
echo "certs: made ca.crt, server.crt, server.key, kafka-server.pem and postgres-server.key"
