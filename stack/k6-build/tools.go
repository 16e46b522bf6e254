// Pins Grafana k6 for the load tests; built by `npm run k6` into .stack/bin (see src/tooling/load/ensure-k6.ts).
//go:build tools

package tools

import _ "go.k6.io/k6/v2"
