// Pins Toxiproxy for the network-fault chaos runs; built into .stack/bin when a stack starts with its
// fault proxies (see src/tooling/stack/ensure-toxiproxy.ts).
//go:build tools

package tools

import _ "github.com/Shopify/toxiproxy/v2/cmd/server"
