// Runs etcd, at the version the pinned k8s.io/kubernetes release is tested with (see ../go.mod).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
