import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CILIUM_CONFIG_NAME } from './config-map';
import { ResolvedCilium } from './options';

/** The operator's name: its ServiceAccount, ClusterRole and Deployment (the chart's). */
export const OPERATOR_NAME = 'cilium-operator';
/** The operator pods' selector, as the chart sets it: its anti-affinity term selects on the first label. */
export const OPERATOR_SELECTOR = { 'io.cilium/app': 'operator', 'name': OPERATOR_NAME };
/** Where the operator reads the ConfigMap, mounted as files (the agent gets it through the API instead). */
const CONFIG_DIR = '/tmp/cilium/config-map';

/** Where and how the operator runs. */
export interface OperatorProps {
  readonly namespace: string;
  /** The operator image, mirrored when the agent's `imageRegistry` is set. */
  readonly image: string;
  readonly imagePullSecrets: string[];
  readonly cilium: ResolvedCilium;
  /** The labels every object of the install carries. */
  readonly labels: Record<string, string>;
}

const fieldEnv = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });

/** KUBERNETES_SERVICE_HOST/PORT when the API server is given, as the chart adds them to each container that talks to it. */
export function apiServerEnv(cilium: ResolvedCilium): k8s.EnvVar[] {
  const server = cilium.apiServer;
  return server === undefined ? [] : [
    { name: 'KUBERNETES_SERVICE_HOST', value: server.host },
    { name: 'KUBERNETES_SERVICE_PORT', value: String(server.port) },
  ];
}

/**
 * The operator Deployment as the chart renders it (templates/cilium-operator/deployment.yaml,
 * 1.20.0). It runs on the host network and tolerates the taints of nodes whose CNI is not ready
 * yet (not-ready, uninitialized, Cilium's agent-not-ready) and of control-plane nodes, so it runs
 * before any agent does: it has to, since the agent waits for the CRDs it registers.
 */
export function operatorDeployment(scope: Construct, id: string, props: OperatorProps): k8s.KubeDeployment {
  const labels = { ...props.labels, ...OPERATOR_SELECTOR, 'app.kubernetes.io/name': OPERATOR_NAME };
  const health = { host: '127.0.0.1', path: '/healthz', port: k8s.IntOrString.fromString('health'), scheme: 'HTTP' };
  return new k8s.KubeDeployment(scope, id, {
    metadata: { name: OPERATOR_NAME, namespace: props.namespace, labels },
    spec: {
      replicas: props.cilium.operatorReplicas,
      selector: { matchLabels: OPERATOR_SELECTOR },
      // The chart's: with 2 replicas on 2 nodes, one is replaced at a time (anti-affinity forbids a surge pod beside another).
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromString('50%') } },
      template: {
        metadata: { labels, annotations: { 'prometheus.io/port': '9963', 'prometheus.io/scrape': 'true' } },
        spec: {
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: OPERATOR_NAME,
            image: props.image,
            imagePullPolicy: 'IfNotPresent',
            command: ['cilium-operator-generic'],
            args: [`--config-dir=${CONFIG_DIR}`, '--debug=$(CILIUM_DEBUG)'],
            env: [
              fieldEnv('K8S_NODE_NAME', 'spec.nodeName'),
              fieldEnv('CILIUM_K8S_NAMESPACE', 'metadata.namespace'),
              { name: 'CILIUM_DEBUG', valueFrom: { configMapKeyRef: { key: 'debug', name: CILIUM_CONFIG_NAME, optional: true } } },
              ...apiServerEnv(props.cilium),
            ],
            // Host ports: on the host network the ports are the node's, and declaring them keeps two operators off one node.
            ports: [
              { name: 'health', containerPort: 9234, hostPort: 9234, protocol: 'TCP' },
              { name: 'prometheus', containerPort: 9963, hostPort: 9963, protocol: 'TCP' },
            ],
            livenessProbe: { httpGet: health, initialDelaySeconds: 60, periodSeconds: 10, timeoutSeconds: 3 },
            readinessProbe: { httpGet: health, initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 5 },
            volumeMounts: [{ name: 'cilium-config-path', mountPath: CONFIG_DIR, readOnly: true }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            terminationMessagePolicy: 'FallbackToLogsOnError',
          }],
          hostNetwork: true,
          hostUsers: true,
          restartPolicy: 'Always',
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: OPERATOR_NAME,
          automountServiceAccountToken: true,
          ...(props.imagePullSecrets.length > 0 ? { imagePullSecrets: props.imagePullSecrets.map(name => ({ name })) } : {}),
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{
                labelSelector: { matchLabels: { 'io.cilium/app': 'operator' } }, topologyKey: 'kubernetes.io/hostname',
              }],
            },
          },
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            'node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master', 'node.kubernetes.io/not-ready',
            'node.cloudprovider.kubernetes.io/uninitialized', 'node.cilium.io/agent-not-ready',
          ].map(key => ({ key, operator: 'Exists' })),
          volumes: [{ name: 'cilium-config-path', configMap: { name: CILIUM_CONFIG_NAME } }],
        },
      },
    },
  });
}
