// Runs Kubernetes' kube-apiserver, built from the pinned k8s.io/kubernetes release (see ../go.mod).
package main

import (
	"os"
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
