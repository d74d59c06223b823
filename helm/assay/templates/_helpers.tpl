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

{{- define "assay.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "assay.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
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

{{/* The Secret of settings: existingSecret, the chart's own when it has a value, or none (""). */}}
{{- define "assay.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else if include "assay.secretData" . }}
{{- printf "%s-env" (include "assay.fullname" .) }}
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
{{- if .Values.keyFiles.existingSecret }}
{{- .Values.keyFiles.existingSecret }}
{{- else if .Values.keyFiles.files }}
{{- printf "%s-keys" (include "assay.fullname" .) }}
{{- end }}
{{- end }}

{{/* ALLOWED_HOSTS: the configured hosts, the Ingress hosts, the web Service's names, and the pod's IP
(expanded by the kubelet from POD_IP, declared before it). */}}
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
{{- join "," (uniq $hosts) }}
{{- end }}

{{/* What every Assay container gets: the ConfigMap, the Secret, its pod's IP and ALLOWED_HOSTS. */}}
{{- define "assay.envFrom" -}}
- configMapRef:
    name: {{ include "assay.fullname" . }}-config
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

{{/* ConfigMap, Secrets and the ServiceAccount must exist before the migrations Job runs, which is
before any ordinary resource on a first install: with migrations on they are hooks themselves,
made first (weight -10) and replaced on each upgrade. `helm uninstall` leaves hooks in place. */}}
{{- define "assay.preHookAnnotations" -}}
{{- if .Values.migrations.enabled }}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: "-10"
helm.sh/hook-delete-policy: before-hook-creation
{{- end }}
{{- end }}

{{/* Pods ------------------------------------------------------------------------------------------- */}}

{{- define "assay.metricsAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end }}

{{/* Volumes of every Assay pod: /tmp and ASSAY_VAR_DIR as emptyDirs (the root file system is
read-only), the key files, and with (dict "root" $ "models" true) the model folders. */}}
{{- define "assay.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .root.Values.scratch.tmpSizeLimit }}
- name: var
  emptyDir:
    sizeLimit: {{ .root.Values.scratch.varSizeLimit }}
{{- with include "assay.keyFilesSecretName" .root }}
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
{{- if include "assay.keyFilesSecretName" .root }}
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

{{/* The pod-level fields every Assay pod shares. */}}
{{- define "assay.podCommon" -}}
serviceAccountName: {{ include "assay.serviceAccountName" . }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
