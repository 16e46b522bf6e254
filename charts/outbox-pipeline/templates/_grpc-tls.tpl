{{/*
gRPC over TLS for the two services (grpc.tls): the variables that turn it on, the Secrets mounted
read-only for it, and probes that can speak it. The kubelet's own grpc probe has no TLS, so with TLS
on the probes run the image's health check, which reads the same GRPC_TLS_* variables.
*/}}
{{- define "outbox-pipeline.grpcTlsSecretName" -}}
{{- .Values.grpc.tls.secretName | default (printf "%s-grpc-tls" (include "outbox-pipeline.fullname" .)) -}}
{{- end -}}

{{- define "outbox-pipeline.grpcTlsEnv" -}}
{{- if .Values.grpc.tls.enabled -}}
- name: GRPC_TLS_CERT_FILE
  value: /etc/grpc-tls/tls.crt
- name: GRPC_TLS_KEY_FILE
  value: /etc/grpc-tls/tls.key
{{- if .Values.grpc.tls.clientCaSecret.name }}
- name: GRPC_TLS_CLIENT_CA_FILE
  value: /etc/grpc-client-ca/{{ .Values.grpc.tls.clientCaSecret.key }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "outbox-pipeline.grpcTlsVolumeMounts" -}}
{{- if .Values.grpc.tls.enabled -}}
- name: grpc-tls
  mountPath: /etc/grpc-tls
  readOnly: true
{{- if .Values.grpc.tls.clientCaSecret.name }}
- name: grpc-client-ca
  mountPath: /etc/grpc-client-ca
  readOnly: true
{{- end }}
{{- end }}
{{- end -}}

{{- define "outbox-pipeline.grpcTlsVolumes" -}}
{{- if .Values.grpc.tls.enabled -}}
- name: grpc-tls
  secret:
    secretName: {{ include "outbox-pipeline.grpcTlsSecretName" . }}
    # 0440 in decimal (YAML 1.1 and 1.2 read a leading zero differently): the pod's group (fsGroup
    # 1000) may read, others not.
    defaultMode: 288
    items:
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
{{- if .Values.grpc.tls.clientCaSecret.name }}
- name: grpc-client-ca
  secret:
    secretName: {{ .Values.grpc.tls.clientCaSecret.name }}
    defaultMode: 288
    items:
      - key: {{ .Values.grpc.tls.clientCaSecret.key }}
        path: {{ .Values.grpc.tls.clientCaSecret.key }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
How a probe asks the gRPC health service. Arguments: (dict "root" $ "service" "liveness"); service ""
is readiness. Over TLS a node process runs the image's health check, so it is given more time.
*/}}
{{- define "outbox-pipeline.grpcProbe" -}}
{{- if .root.Values.grpc.tls.enabled -}}
exec:
  command:
    - node
    - src/services/container/grpc-health-check.ts
    - 127.0.0.1:50051
    {{- if .service }}
    - {{ .service }}
    {{- end }}
timeoutSeconds: 5
{{- else -}}
grpc:
  port: 50051
  {{- if .service }}
  service: {{ .service }}
  {{- end }}
timeoutSeconds: 3
{{- end }}
{{- end -}}
