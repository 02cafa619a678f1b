/**
 * The objects around each agent's DaemonSet that a cdk8s-plus-28 user writes by hand: the
 * Pod-Security-labelled Namespace, the ServiceAccount and RBAC, the headless Service and the
 * ServiceMonitor.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s, Namespace, Service, ServiceAccount, ServicePort } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Identity, metadata, selectorLabels, WAVE } from './identity';

/** The agent's namespace, at the Pod Security level its privileged pods need. */
export function agentNamespace(scope: Construct, id: Identity): Namespace {
  const level = 'privileged';
  const ns = new Namespace(scope, 'Namespace', {
    metadata: {
      name: id.namespace,
      annotations: { [WAVE]: String(id.wave) },
      labels: {
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/warn': level,
        'pod-security.kubernetes.io/audit': level,
      },
    },
  });
  // cdk8s-plus writes an empty spec.
  ApiObject.of(ns).addJsonPatch(JsonPatch.remove('/spec'));
  return ns;
}

export function serviceAccount(scope: Construct, id: Identity): ServiceAccount {
  return new ServiceAccount(scope, 'ServiceAccount', { metadata: metadata(id, id.instance), automountToken: false });
}

/**
 * A ClusterRole bound to the agent's ServiceAccount, as cdk8s-plus-28's own L1 classes: its
 * ClusterRole class writes one rule per resource with an empty resourceNames, and its binding an
 * empty apiGroup on the subject.
 */
export function clusterRole(scope: Construct, id: Identity, account: ServiceAccount, rules: k8s.PolicyRule[]): void {
  const name = `${id.namespace}-${id.instance}`;
  const { namespace: _clusterScoped, ...meta } = metadata(id, name);
  new k8s.KubeClusterRole(scope, 'ClusterRole', { metadata: meta, rules });
  new k8s.KubeClusterRoleBinding(scope, 'ClusterRoleBinding', {
    metadata: meta,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: account.name, namespace: id.namespace }],
  });
}

/**
 * A headless Service for the agent's pods with Prometheus scrape annotations. It selects the
 * agent's labels: given the DaemonSet, cdk8s-plus would select on its construct-path label.
 */
export function headlessService(scope: Construct, id: Identity, port: ServicePort, metricsPath: string): Service {
  const scrape = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port.port), 'prometheus.io/path': metricsPath, 'prometheus.io/scheme': 'http' };
  const service = new Service(scope, 'Service', { metadata: metadata(id, id.instance, scrape), clusterIP: 'None', ports: [port] });
  for (const [key, value] of Object.entries(selectorLabels(id))) service.selectLabel(key, value);
  return service;
}

/**
 * A prometheus-operator ServiceMonitor for the agent's headless Service (a plain ApiObject:
 * cdk8s-plus has no class for custom resources). Each series is labelled with its node.
 */
export function serviceMonitor(scope: Construct, id: Identity, honorLabels: boolean): ApiObject {
  return new ApiObject(scope, 'ServiceMonitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: metadata(id, id.instance),
    spec: {
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: selectorLabels(id) },
      namespaceSelector: { matchNames: [id.namespace] },
      endpoints: [{
        port: 'metrics',
        path: '/metrics',
        scheme: 'http',
        interval: '15s',
        scrapeTimeout: '10s',
        honorLabels,
        relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
      }],
    },
  });
}
