// Pins the CustomResourceDefinitions the chart uses, installed on the local cluster before the chart:
// the Prometheus Operator's (ServiceMonitor, PrometheusRule), from the files of its Go module.
module outbox-pipeline/cluster-crds

go 1.26

require github.com/prometheus-operator/prometheus-operator v0.85.0
