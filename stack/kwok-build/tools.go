// Pins kwok, which plays the cluster's nodes for the chart's tests (see src/tooling/cluster/).
//go:build tools

package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
