{{/* Names ------------------------------------------------------------------------------------------ */}}

{{- define "assay.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-assay", or the release name when it already says assay; 63 characters at most less
room for the longest suffix ("-worker-<pool>"), cut by the schema's pool name limit. */}}
{{- define "assay.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The pods' ServiceAccount; with (dict "root" $ "hook" true) the migrations Job's own copy
("<name>-migrate", a hook made before the Job) when the chart makes one. */}}
{{- define "assay.serviceAccountName" -}}
{{- $root := .root | default . }}
{{- if $root.Values.serviceAccount.create }}
{{- $name := default (include "assay.fullname" $root) $root.Values.serviceAccount.name }}
{{- if .hook }}{{ printf "%s-migrate" $name }}{{ else }}{{ $name }}{{ end }}
{{- else }}
{{- default "default" $root.Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Labels: "assay.labels" on resources of no component; a component's resources and pods carry
"assay.metaLabels" and its selector labels. */}}
{{- define "assay.metaLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "assay.labels" -}}
{{ include "assay.instanceLabels" . }}
{{ include "assay.metaLabels" . }}
{{- end }}

{{- define "assay.instanceLabels" -}}
app.kubernetes.io/name: {{ include "assay.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of a component: (dict "root" $ "component" "web" ["pool" "gpu"]). */}}
{{- define "assay.selectorLabels" -}}
{{ include "assay.instanceLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- with .pool }}
assay.io/pool: {{ . }}
{{- end }}
{{- end }}

{{/* Images ----------------------------------------------------------------------------------------- */}}

{{/* The image reference of (dict "root" $ "image" "app"|"worker"): digest wins over the tag. */}}
{{- define "assay.image" -}}
{{- $image := index .root.Values.images .image }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{- define "assay.imagePullPolicy" -}}
{{- (index .root.Values.images .image).pullPolicy }}
{{- end }}

{{/* Settings -------------------------------------------------------------------------------------- */}}

{{/* The settings objects are made twice: the release's own ConfigMap, Secrets and ServiceAccount
(ordinary resources: upgraded, rolled back and uninstalled with the release), and, with migrations on,
the migrations Job's copies under other names ("<fullname>-migrate-config", "-migrate-env",
"-migrate-keys", "<account>-migrate"): pre-install/pre-upgrade hooks made before the Job (a lower
weight), since on a first install the Job runs before any ordinary resource exists, and deleted once
the hooks succeeded. Templates pass (dict "root" $ "hook" true|false). */}}

{{/* The name of a chart-made settings object: (dict "root" $ "hook" bool "suffix" "config"|"env"|"keys"). */}}
{{- define "assay.settingsName" -}}
{{- printf "%s-%s%s" (include "assay.fullname" .root) (ternary "migrate-" "" (.hook | default false)) .suffix }}
{{- end }}

{{/* The annotations of the migrations Job's settings objects: hooks made before the Job (weight 0). */}}
{{- define "assay.settingsHookAnnotations" -}}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: "-10"
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end }}

{{/* The plain settings (the ConfigMaps' data). */}}
{{- define "assay.configData" -}}
ASSAY_ENV: production
ASSAY_VAR_DIR: /var/lib/assay
ASSAY_MODELS_DIR: {{ .Values.models.mountPath | quote }}
{{- /* Behind the chart's Ingress every request comes from the controller: the client's address is the
last X-Forwarded-For entry, which the controller writes. Counted as 0 hops, all clients share the
controller's address, and one address's failed sign-ins lock everyone out of the console. */}}
{{- if and .Values.ingress.enabled (not (hasKey .Values.config.env "ASSAY_TRUSTED_PROXY_HOPS")) }}
ASSAY_TRUSTED_PROXY_HOPS: "1"
{{- end }}
{{- range $name, $value := .Values.config.env }}
{{- if ne (toString $value) "" }}
{{ $name }}: {{ toString $value | quote }}
{{- end }}
{{- end }}
{{- if include "assay.keyFilesSecretName" (dict "root" .) }}
{{- range $name, $file := .Values.keyFiles.settings }}
{{- if $file }}
{{ $name }}: {{ printf "%s/%s" $.Values.keyFiles.mountPath $file | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* The Secret of settings: existingSecret, the chart's own when it has a value, or none (""). */}}
{{- define "assay.secretName" -}}
{{- if .root.Values.secrets.existingSecret }}
{{- .root.Values.secrets.existingSecret }}
{{- else if include "assay.secretData" .root }}
{{- include "assay.settingsName" (dict "root" .root "hook" .hook "suffix" "env") }}
{{- end }}
{{- end }}

{{- define "assay.secretData" -}}
{{- range $name, $value := .Values.secrets.env }}
{{- if $value }}
{{ $name }}: {{ toString $value | b64enc | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* The Secret of key files: existingSecret, the chart's own when it has files, or none (""). */}}
{{- define "assay.keyFilesSecretName" -}}
{{- if .root.Values.keyFiles.existingSecret }}
{{- .root.Values.keyFiles.existingSecret }}
{{- else if .root.Values.keyFiles.files }}
{{- include "assay.settingsName" (dict "root" .root "hook" .hook "suffix" "keys") }}
{{- end }}
{{- end }}

{{- define "assay.keyFilesData" -}}
{{- range $file, $content := .Values.keyFiles.files }}
{{ $file }}: {{ $content | b64enc | quote }}
{{- end }}
{{- end }}

{{/* Whether the web's /metrics is known to be open ("true" or ""): the chart's Secret sets no
ASSAY_METRICS_TOKEN and no existing Secret (which may set one) is used. */}}
{{- define "assay.metricsOpen" -}}
{{- if not (or .Values.secrets.existingSecret .Values.secrets.env.ASSAY_METRICS_TOKEN) }}true{{ end }}
{{- end }}

{{/* ALLOWED_HOSTS: the configured hosts, the Ingress hosts, the web Service's names, and the pod's IP
(expanded by the kubelet from POD_IP, declared before it), bare for IPv4 and in brackets for IPv6
(Django matches an IPv6 Host header as "[fd00::1]"; each form is harmless on the other family). */}}
{{- define "assay.allowedHosts" -}}
{{- $hosts := list }}
{{- range .Values.config.allowedHosts }}{{ $hosts = append $hosts . }}{{ end }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}{{ $hosts = append $hosts .host }}{{ end }}
{{- end }}
{{- $service := printf "%s-web" (include "assay.fullname" .) }}
{{- $hosts = append $hosts $service }}
{{- $hosts = append $hosts (printf "%s.%s.svc" $service .Release.Namespace) }}
{{- $hosts = append $hosts "$(POD_IP)" }}
{{- $hosts = append $hosts "[$(POD_IP)]" }}
{{- join "," (uniq $hosts) }}
{{- end }}

{{/* What every Assay container gets: the ConfigMap, the Secret, its pod's IP and ALLOWED_HOSTS.
(dict "root" $ "hook" bool): the migrations Job takes its hook copies. */}}
{{- define "assay.envFrom" -}}
- configMapRef:
    name: {{ include "assay.settingsName" (dict "root" .root "hook" .hook "suffix" "config") }}
{{- with include "assay.secretName" . }}
- secretRef:
    name: {{ . }}
{{- end }}
{{- end }}

{{- define "assay.env" -}}
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: ALLOWED_HOSTS
  value: {{ include "assay.allowedHosts" . | quote }}
{{- end }}

{{/* The checksum of everything the environment comes from: a change rolls the pods. */}}
{{- define "assay.checksumAnnotations" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}

{{/* Pods ------------------------------------------------------------------------------------------- */}}

{{/* prometheus.io/* scrape annotations: (dict "root" $ "port" n ["web" true]). The conventional
annotation-driven scrape job sends no credentials, so the web's pods get them only while its /metrics is
known to be open (see "assay.metricsOpen"); with a token, scrape the web with a job that sends it. */}}
{{- define "assay.metricsAnnotations" -}}
{{- if and .root.Values.metrics.podAnnotations (or (not .web) (include "assay.metricsOpen" .root)) }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end }}

{{/* Volumes of every Assay pod: /tmp and ASSAY_VAR_DIR as emptyDirs (the root file system is
read-only; /tmp's size is "tmpSizeLimit" when given, else scratch.tmpSizeLimit), the key files (the
hook copy with "hook" true), and with "models" true the model folders. */}}
{{- define "assay.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .tmpSizeLimit | default .root.Values.scratch.tmpSizeLimit }}
- name: var
  emptyDir:
    sizeLimit: {{ .root.Values.scratch.varSizeLimit }}
{{- with include "assay.keyFilesSecretName" . }}
- name: keys
  secret:
    secretName: {{ . }}
    defaultMode: 0440
{{- end }}
{{- if and .models (or .root.Values.models.existingClaim .root.Values.models.hostPath) }}
- name: models
  {{- if .root.Values.models.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .root.Values.models.existingClaim }}
    readOnly: true
  {{- else }}
  hostPath:
    path: {{ .root.Values.models.hostPath }}
    type: Directory
  {{- end }}
{{- end }}
{{- end }}

{{- define "assay.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: var
  mountPath: /var/lib/assay
{{- if include "assay.keyFilesSecretName" . }}
- name: keys
  mountPath: {{ .root.Values.keyFiles.mountPath }}
  readOnly: true
{{- end }}
{{- if and .models (or .root.Values.models.existingClaim .root.Values.models.hostPath) }}
- name: models
  mountPath: {{ .root.Values.models.mountPath }}
  readOnly: true
{{- end }}
{{- end }}

{{/* The pod-level fields every Assay pod shares: (dict "root" $ "hook" bool). */}}
{{- define "assay.podCommon" -}}
serviceAccountName: {{ include "assay.serviceAccountName" . }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
