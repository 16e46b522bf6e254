#!/bin/sh
# The go command ocb runs. ocb's `go mod tidy` also loads the tests of every dependency, and one test-only
# dependency of the file exporter (otlpencodingextension v0.155.0) is not served by the Go module proxy;
# `-e` lets tidy finish without it. No package the Collector builds imports it.
if [ "$1" = mod ] && [ "$2" = tidy ]; then
  shift 2
  exec go mod tidy -e "$@"
fi
exec go "$@"
