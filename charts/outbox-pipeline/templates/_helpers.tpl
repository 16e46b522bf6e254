{{- define "outbox-pipeline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The prefix of every object's name, at most 52 characters: the longest suffix the chart adds is 11
("-calculator", "-connectors"), and a Service's name, like the job-name label Kubernetes puts on a Job's
pods, may not pass 63.
*/}}
{{- define "outbox-pipeline.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries; pass (dict "root" $ "component" "calculator"). */}}
{{- define "outbox-pipeline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: outbox-pipeline
{{ include "outbox-pipeline.selectorLabels" . }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "outbox-pipeline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "outbox-pipeline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "outbox-pipeline.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "outbox-pipeline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "outbox-pipeline.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "outbox-pipeline.otlpEndpoint" -}}
{{- if .Values.telemetry.otlpEndpoint -}}
{{- .Values.telemetry.otlpEndpoint -}}
{{- else if .Values.collector.enabled -}}
{{- printf "http://%s-collector:4318" (include "outbox-pipeline.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Non-root, read-only, no capabilities: the same for every pod of the chart. */}}
{{- define "outbox-pipeline.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "outbox-pipeline.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
{{- end -}}

{{- define "outbox-pipeline.databaseUrlEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret.name | default (printf "%s-%s-%s" (include "outbox-pipeline.fullname" .root) .service (.suffix | default "database")) }}
      key: {{ .secret.key }}
{{- end -}}

{{/* Where the Postgres CA bundle (databases.caBundle) is mounted, when one is given. */}}
{{- define "outbox-pipeline.databaseCaDir" -}}/etc/outbox-pipeline/postgres-ca{{- end -}}

{{- define "outbox-pipeline.databaseCaEnabled" -}}
{{- $ca := .Values.databases.caBundle -}}
{{- if and $ca.secretName $ca.configMapName -}}
{{- fail "databases.caBundle: set secretName or configMapName, not both" -}}
{{- end -}}
{{- if or $ca.secretName $ca.configMapName }}true{{ end -}}
{{- end -}}

{{/* The *_DATABASE_CA_FILE variables; pass (dict "root" $ "databases" (list "CALCULATOR" ...)). */}}
{{- define "outbox-pipeline.databaseCaEnv" -}}
{{- if include "outbox-pipeline.databaseCaEnabled" .root }}
{{- range .databases }}
- name: {{ . }}_DATABASE_CA_FILE
  value: {{ printf "%s/ca.crt" (include "outbox-pipeline.databaseCaDir" $.root) | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "outbox-pipeline.databaseCaVolumeMount" -}}
{{- if include "outbox-pipeline.databaseCaEnabled" . }}
- name: postgres-ca
  mountPath: {{ include "outbox-pipeline.databaseCaDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Only the CA's key is projected: CloudNativePG's <cluster>-ca Secret also holds the CA's private key. */}}
{{- define "outbox-pipeline.databaseCaVolume" -}}
{{- $ca := .Values.databases.caBundle -}}
{{- if include "outbox-pipeline.databaseCaEnabled" . }}
- name: postgres-ca
  {{- if $ca.secretName }}
  secret:
    secretName: {{ $ca.secretName }}
  {{- else }}
  configMap:
    name: {{ $ca.configMapName }}
  {{- end }}
    items:
      - key: {{ $ca.key }}
        path: ca.crt
{{- end }}
{{- end -}}

{{- define "outbox-pipeline.telemetryEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: OTEL_SERVICE_NAME
  value: {{ .service }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: "service.instance.id=$(POD_NAME),k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)"
{{- $endpoint := include "outbox-pipeline.otlpEndpoint" .root }}
{{- if $endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $endpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: http/protobuf
{{- else }}
- name: OTEL_SDK_DISABLED
  value: "true"
{{- end }}
{{- end -}}

{{/* The connector configs from connectors/ (copied in by `npm run chart:sync`), each with its overrides. */}}
{{- define "outbox-pipeline.connectorConfigs" -}}
{{- $configs := dict -}}
{{- range $path, $_ := .Files.Glob "files/connectors/*.json" -}}
{{- $name := base $path | trimSuffix ".json" -}}
{{- $config := $.Files.Get $path | fromJson -}}
{{- $overrides := get $.Values.connector.configOverrides $name | default dict -}}
{{- $_ := set $configs $name (mergeOverwrite $config $overrides) -}}
{{- end -}}
{{- if not $configs -}}
{{- fail "no connector configs in files/connectors/: run `npm run chart:sync` before packaging the chart" -}}
{{- end -}}
{{- toJson $configs -}}
{{- end -}}

{{/*
Whether a custom resource's API may be rendered: the cluster serves it (helm asks the API server on
install and upgrade; `helm template` knows only what --api-versions tells it), or the user says it is
there (customResources.assumeInstalled). Arguments: (dict "root" $ "api" "group/version/Kind"); "true" or "".
*/}}
{{- define "outbox-pipeline.servesApi" -}}
{{- if or .root.Values.customResources.assumeInstalled (.root.Capabilities.APIVersions.Has .api) -}}
true
{{- end -}}
{{- end -}}

{{/* The custom resources the values ask for that this cluster cannot take, skipped: one "Kind (api)" per item. */}}
{{- define "outbox-pipeline.skippedCustomResources" -}}
{{- $skipped := list -}}
{{- range $kind, $enabled := dict "ServiceMonitor" .Values.metrics.serviceMonitor.enabled "PrometheusRule" .Values.metrics.prometheusRule.enabled -}}
{{- if and $enabled (not (include "outbox-pipeline.servesApi" (dict "root" $ "api" (printf "monitoring.coreos.com/v1/%s" $kind)))) -}}
{{- $skipped = append $skipped (printf "%s (monitoring.coreos.com/v1)" $kind) -}}
{{- end -}}
{{- end -}}
{{- toJson $skipped -}}
{{- end -}}
