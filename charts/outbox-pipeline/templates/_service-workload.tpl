{{/*
A Deployment, its Service and its PodDisruptionBudget for one of the two services.
Arguments: (dict "root" $ "component" "calculator" "values" .Values.calculator "env" (list ...)), and
optionally "volumes" and "volumeMounts": YAML lists added to the pod's and the container's.
*/}}
{{- define "outbox-pipeline.serviceWorkload" -}}
{{- $root := .root -}}
{{- $values := .values -}}
{{- $fullname := include "outbox-pipeline.fullname" $root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}-{{ .component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "outbox-pipeline.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ $values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "outbox-pipeline.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "outbox-pipeline.labels" (dict "root" $root "component" .component) | nindent 8 }}
      {{- with $values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "outbox-pipeline.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "outbox-pipeline.podSecurityContext" $root | nindent 8 }}
      # Longer than the 20 s the service gives itself to finish in-flight work after SIGTERM.
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .component }}
          image: {{ include "outbox-pipeline.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: [{{ .component | quote }}]
          ports:
            - name: grpc
              containerPort: 50051
              protocol: TCP
          env:
            - name: LOG_LEVEL
              value: {{ $values.logLevel | quote }}
            {{- .env | nindent 12 }}
            {{- include "outbox-pipeline.databaseCaEnv" (dict "root" $root "databases" (list (upper .component))) | nindent 12 }}
            {{- with include "outbox-pipeline.grpcTlsEnv" $root }}{{ . | nindent 12 }}{{ end }}
            {{- include "outbox-pipeline.telemetryEnv" (dict "root" $root "service" .component) | nindent 12 }}
            {{- with $values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            {{- include "outbox-pipeline.grpcProbe" (dict "root" $root "service" "") | nindent 12 }}
            periodSeconds: 2
            failureThreshold: 60
          readinessProbe:
            {{- include "outbox-pipeline.grpcProbe" (dict "root" $root "service" "") | nindent 12 }}
            periodSeconds: 5
            failureThreshold: 2
          livenessProbe:
            # "liveness" answers SERVING while the process runs: a database outage takes the pod out of
            # the Service (readiness) without restarting it.
            {{- include "outbox-pipeline.grpcProbe" (dict "root" $root "service" "liveness") | nindent 12 }}
            periodSeconds: 10
            failureThreshold: 3
          lifecycle:
            # Lets the endpoints controller take the pod out of the Service before SIGTERM arrives.
            preStop:
              sleep:
                seconds: 5
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "outbox-pipeline.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- include "outbox-pipeline.databaseCaVolumeMount" $root | nindent 12 }}
            {{- with include "outbox-pipeline.grpcTlsVolumeMounts" $root }}{{ . | nindent 12 }}{{ end }}
            {{- with .volumeMounts }}
            {{- . | trim | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- include "outbox-pipeline.databaseCaVolume" $root | nindent 8 }}
        {{- with include "outbox-pipeline.grpcTlsVolumes" $root }}{{ . | nindent 8 }}{{ end }}
        {{- with .volumes }}
        {{- . | trim | nindent 8 }}
        {{- end }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "outbox-pipeline.selectorLabels" (dict "root" $root "component" .component) | nindent 14 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}-{{ .component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "outbox-pipeline.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  type: {{ $values.service.type }}
  selector:
    {{- include "outbox-pipeline.selectorLabels" (dict "root" $root "component" .component) | nindent 4 }}
  ports:
    - name: grpc
      port: {{ $values.service.port }}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $fullname }}-{{ .component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "outbox-pipeline.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  maxUnavailable: {{ $values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "outbox-pipeline.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
{{- end -}}
