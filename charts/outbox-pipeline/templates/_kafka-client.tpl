{{/*
The totals keeper's Kafka TLS and SASL settings: the variables its config reads (docs/configuration.md),
the CA and the password mounted as files from the Secrets the values name, never copied into the chart.
*/}}
{{- define "outbox-pipeline.kafkaClientEnv" -}}
{{- $tls := .Values.kafka.tls -}}
{{- $sasl := .Values.kafka.sasl -}}
{{- if and $sasl.mechanism (or (not $sasl.username) (not $sasl.passwordSecret.name)) -}}
{{- fail "kafka.sasl.mechanism is set: kafka.sasl.username and kafka.sasl.passwordSecret.name are required too" -}}
{{- end -}}
{{- if and (not $sasl.mechanism) (or $sasl.username $sasl.passwordSecret.name) -}}
{{- fail "kafka.sasl.username or kafka.sasl.passwordSecret.name is set but kafka.sasl.mechanism is empty" -}}
{{- end -}}
{{- if or $tls.enabled $tls.caSecret.name $sasl.mechanism }}
- name: KAFKA_SSL
  value: "true"
{{- end }}
{{- if $tls.caSecret.name }}
- name: KAFKA_SSL_CA_FILE
  value: /etc/outbox-pipeline/kafka-ca/{{ $tls.caSecret.key }}
{{- end }}
{{- if $sasl.mechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ $sasl.username | quote }}
- name: KAFKA_SASL_PASSWORD_FILE
  value: /etc/outbox-pipeline/kafka-sasl/{{ $sasl.passwordSecret.key }}
{{- end }}
{{- end -}}

{{- define "outbox-pipeline.kafkaClientVolumes" -}}
{{- if .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret.name }}
    items:
      - key: {{ .Values.kafka.tls.caSecret.key }}
        path: {{ .Values.kafka.tls.caSecret.key }}
{{- end }}
{{- if .Values.kafka.sasl.mechanism }}
- name: kafka-sasl
  secret:
    secretName: {{ .Values.kafka.sasl.passwordSecret.name }}
    items:
      - key: {{ .Values.kafka.sasl.passwordSecret.key }}
        path: {{ .Values.kafka.sasl.passwordSecret.key }}
{{- end }}
{{- end -}}

{{- define "outbox-pipeline.kafkaClientVolumeMounts" -}}
{{- if .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/outbox-pipeline/kafka-ca
  readOnly: true
{{- end }}
{{- if .Values.kafka.sasl.mechanism }}
- name: kafka-sasl
  mountPath: /etc/outbox-pipeline/kafka-sasl
  readOnly: true
{{- end }}
{{- end -}}
