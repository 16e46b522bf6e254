{{/* Egress rules shared by the network policies. */}}
{{- define "outbox-pipeline.egressRule" -}}
- {{- with .peers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end }}
{{- define "outbox-pipeline.dnsEgress" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
{{- end }}
{{- define "outbox-pipeline.collectorEgress" -}}
{{- if .Values.collector.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "outbox-pipeline.selectorLabels" (dict "root" . "component" "collector") | nindent 10 }}
  ports:
    - protocol: TCP
      port: 4318
{{- else if .Values.telemetry.otlpEndpoint }}
{{ include "outbox-pipeline.egressRule" .Values.networkPolicy.otlpCollector }}
{{- end }}
{{- end }}
