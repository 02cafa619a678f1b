/**
 * aws-ebs-csi-driver's own Linux node plugin, transcribed field by field from its static
 * manifests at the tag helm-chart-aws-ebs-csi-driver-2.64.0 (commit 9767d852, "Release 1.64.0";
 * the tag v1.64.0 precedes the commit that moves the manifests to the 1.64.0 image):
 * deploy/kubernetes/base/{node,csidriver,clusterrole-csi-node,serviceaccount-csi-node}.yaml, with
 * the namespace its kustomization.yaml sets (kube-system). Apache License 2.0, (c) The Kubernetes
 * Authors. The storage agent's comparison test diffs its output against these objects.
 */

const NAME_LABEL = { 'app.kubernetes.io/name': 'aws-ebs-csi-driver' };

/** node.yaml: the DaemonSet ebs-csi-node. */
export const UPSTREAM_NODE = {
  kind: 'DaemonSet',
  apiVersion: 'apps/v1',
  metadata: { name: 'ebs-csi-node', namespace: 'kube-system', labels: NAME_LABEL },
  spec: {
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: 'ebs-csi-node', ...NAME_LABEL } },
    updateStrategy: { rollingUpdate: { maxUnavailable: '10%' }, type: 'RollingUpdate' },
    template: {
      metadata: { labels: { app: 'ebs-csi-node', ...NAME_LABEL } },
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'auto', 'hybrid'] }] }],
            },
          },
        },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        serviceAccountName: 'ebs-csi-node-sa',
        terminationGracePeriodSeconds: 30,
        priorityClassName: 'system-node-critical',
        tolerations: [{ operator: 'Exists' }],
        hostNetwork: false,
        securityContext: { fsGroup: 0, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 },
        containers: [
          {
            name: 'ebs-plugin',
            image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0',
            imagePullPolicy: 'IfNotPresent',
            args: ['node', '--endpoint=$(CSI_ENDPOINT)', '--csi-mount-point-prefix=/var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/', '--logging-format=text', '--v=2'],
            env: [
              { name: 'CSI_ENDPOINT', value: 'unix:/csi/csi.sock' },
              { name: 'CSI_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            ],
            volumeMounts: [
              { name: 'kubelet-dir', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional' },
              { name: 'plugin-dir', mountPath: '/csi' },
              { name: 'device-dir', mountPath: '/dev' },
            ],
            ports: [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' }, initialDelaySeconds: 10, timeoutSeconds: 3, periodSeconds: 10, failureThreshold: 5 },
            readinessProbe: { httpGet: { path: '/healthz', port: 'healthz' }, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 3 },
            resources: { limits: { memory: '256Mi' }, requests: { cpu: '10m', memory: '40Mi' } },
            securityContext: { privileged: true, readOnlyRootFilesystem: true },
            lifecycle: { preStop: { exec: { command: ['/bin/aws-ebs-csi-driver', 'pre-stop-hook'] } } },
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
          {
            name: 'node-driver-registrar',
            image: 'public.ecr.aws/csi-components/csi-node-driver-registrar:v2.17.0-eksbuild.5',
            imagePullPolicy: 'IfNotPresent',
            args: ['--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)', '--http-endpoint=0.0.0.0:9809', '--v=2'],
            env: [
              { name: 'ADDRESS', value: '/csi/csi.sock' },
              { name: 'DRIVER_REG_SOCK_PATH', value: '/var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock' },
            ],
            ports: [{ name: 'healthz-ndr', containerPort: 9809 }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'healthz-ndr' }, initialDelaySeconds: 30, periodSeconds: 90, timeoutSeconds: 15 },
            volumeMounts: [
              { name: 'plugin-dir', mountPath: '/csi' },
              { name: 'registration-dir', mountPath: '/registration' },
              { name: 'probe-dir', mountPath: '/var/lib/kubelet/plugins/ebs.csi.aws.com/' },
            ],
            resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
          {
            name: 'liveness-probe',
            image: 'public.ecr.aws/csi-components/livenessprobe:v2.19.0-eksbuild.5',
            imagePullPolicy: 'IfNotPresent',
            args: ['--csi-address=/csi/csi.sock'],
            volumeMounts: [{ name: 'plugin-dir', mountPath: '/csi' }],
            resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
        ],
        volumes: [
          { name: 'kubelet-dir', hostPath: { path: '/var/lib/kubelet', type: 'Directory' } },
          { name: 'plugin-dir', hostPath: { path: '/var/lib/kubelet/plugins/ebs.csi.aws.com/', type: 'DirectoryOrCreate' } },
          { name: 'registration-dir', hostPath: { path: '/var/lib/kubelet/plugins_registry/', type: 'Directory' } },
          { name: 'device-dir', hostPath: { path: '/dev', type: 'Directory' } },
          { name: 'probe-dir', emptyDir: {} },
        ],
      },
    },
  },
};

/** csidriver.yaml. */
export const UPSTREAM_CSI_DRIVER = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'CSIDriver',
  metadata: { name: 'ebs.csi.aws.com', labels: NAME_LABEL },
  spec: { attachRequired: true, podInfoOnMount: false, nodeAllocatableUpdatePeriodSeconds: 10, fsGroupPolicy: 'File' },
};

/** clusterrole-csi-node.yaml: the node plugin's rules (bound to ebs-csi-node-sa by ebs-csi-node-getter-binding). */
export const UPSTREAM_NODE_RULES = [
  { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['patch', 'list', 'watch'] },
  { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get'] },
];

/** serviceaccount-csi-node.yaml. */
export const UPSTREAM_SERVICE_ACCOUNT = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'ebs-csi-node-sa', namespace: 'kube-system', labels: NAME_LABEL },
  automountServiceAccountToken: true,
};
