/**
 * The output validator's rules pinned to what a real kube-apiserver (v1.20.2, server-side dry-run)
 * answered in the differential check (tools/differential/): each case mutates one valid object
 * and expects the property the validator reports, or no problem where the server accepts. Cases
 * marked "intended" are where the validator is stricter than the server on purpose
 * (tools/differential/intended.ts says why).
 */
import { objectProblems } from '../../src/validation/output/object-rules';

type Obj = any;

const daemonSet = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'monitoring', labels: { app: 'agent' } },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: {
        hostNetwork: true,
        containers: [{
          name: 'agent',
          image: 'example.com/agent:1.0',
          ports: [{ name: 'metrics', containerPort: 9100, hostPort: 9100 }],
          env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
          volumeMounts: [{ name: 'proc', mountPath: '/host/proc', readOnly: true }],
          livenessProbe: { httpGet: { path: '/', port: 9100 } },
        }],
        initContainers: [{ name: 'init', image: 'example.com/init:1.0', command: ['true'] }],
        volumes: [{ name: 'proc', hostPath: { path: '/proc' } }],
      },
    },
  },
});

const service = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'agent', namespace: 'monitoring' },
  spec: { clusterIP: 'None', selector: { app: 'agent' }, ports: [{ name: 'metrics', port: 9100, targetPort: 'metrics' }] },
});

const configMap = (): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'agent', namespace: 'monitoring' }, data: { 'agent.yaml': 'x: 1' } });
const clusterRole = (): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'monitoring-agent' },
  rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
});
const binding = (): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'monitoring-agent' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'monitoring-agent' },
  subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'monitoring' }],
});
const namespace = (): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } });
const serviceAccount = (): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'agent', namespace: 'monitoring' } });

const deployment = (): Obj => {
  const { spec } = daemonSet();
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'operator', namespace: 'monitoring' },
    spec: { replicas: 2, selector: spec.selector, template: spec.template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } } },
  };
};
// The library writes policy/v1; v1.20 serves v1beta1, whose spec the same function validates
// (bar unhealthyPodEvictionPolicy, added in v1.26), so the pins ask the server in v1beta1.
const disruptionBudget = (): Obj => ({
  apiVersion: 'policy/v1beta1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'operator', namespace: 'monitoring' },
  spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'agent' } } },
});

export const BASES = { daemonSet, service, configMap, clusterRole, binding, namespace, serviceAccount, deployment, disruptionBudget };

const pod = (o: Obj) => o.spec.template.spec;
const ctr = (o: Obj) => pod(o).containers[0];
const init = (o: Obj) => pod(o).initContainers[0];
const C = 'spec.template.spec.containers[agent]';
const P = 'spec.template.spec';
const A = 'spec.template.metadata.annotations';
const annotate = (o: Obj, key: string, value: string) => {
  o.spec.template.metadata.annotations = { ...o.spec.template.metadata.annotations, [key]: value };
};
const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const TOLERATIONS = 'scheduler.alpha.kubernetes.io/tolerations';

export interface Case {
  /** What changes, and what the server answered. */
  readonly name: string;
  readonly base: keyof typeof BASES;
  readonly mutate: (o: Obj) => void;
  /** The property the validator must report; null when the server accepts (and so must we). */
  readonly expected: string | null;
}

// ---- the server accepts: rules that were too strict ---------------------------------------------
const accepted: Case[] = [
  { name: 'Service port name of 16 characters (a DNS label, not an IANA name)', base: 'service', mutate: o => { o.spec.ports[0].name = 'a'.repeat(16); }, expected: null },
  { name: 'Service port name "" on the only port', base: 'service', mutate: o => { o.spec.ports[0].name = ''; }, expected: null },
  { name: 'Service targetPort 0 (defaulted to port)', base: 'service', mutate: o => { o.spec.ports[0].targetPort = 0; }, expected: null },
  { name: 'Service type "" and protocol "" (defaulted)', base: 'service', mutate: o => { o.spec.type = ''; o.spec.ports[0].protocol = ''; }, expected: null },
  { name: 'imagePullPolicy "" (defaulted)', base: 'daemonSet', mutate: o => { ctr(o).imagePullPolicy = ''; }, expected: null },
  { name: 'container port protocol "" and name "" (defaulted / unset)', base: 'daemonSet', mutate: o => { ctr(o).ports[0].protocol = ''; ctr(o).ports[0].name = ''; }, expected: null },
  { name: 'restartPolicy "" and dnsPolicy "" (defaulted)', base: 'daemonSet', mutate: o => { pod(o).restartPolicy = ''; pod(o).dnsPolicy = ''; }, expected: null },
  { name: 'updateStrategy type "" (defaulted to RollingUpdate)', base: 'daemonSet', mutate: o => { o.spec.updateStrategy.type = ''; }, expected: null },
  { name: 'OnDelete with rollingUpdate settings (ignored)', base: 'daemonSet', mutate: o => { o.spec.updateStrategy.type = 'OnDelete'; }, expected: null },
  { name: 'terminationGracePeriodSeconds -1', base: 'daemonSet', mutate: o => { pod(o).terminationGracePeriodSeconds = -1; }, expected: null },
  { name: 'a volume without a source (defaulted to emptyDir)', base: 'daemonSet', mutate: o => { pod(o).volumes.push({ name: 'extra' }); }, expected: null },
  { name: 'quantity " 1" (UnmarshalJSON trims)', base: 'daemonSet', mutate: o => { ctr(o).resources.requests.memory = ' 1'; }, expected: null },
  { name: 'a null limit with no request', base: 'daemonSet', mutate: o => { ctr(o).resources.limits['ephemeral-storage'] = null; }, expected: null },
  { name: 'requests "1" against limits "1000m" (equal)', base: 'daemonSet', mutate: o => { ctr(o).resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } }; }, expected: null },
  { name: 'ConfigMap data value null (decoded as "")', base: 'configMap', mutate: o => { o.data.k = null; }, expected: null },
  { name: 'toleration with a key and operator "" (means Equal)', base: 'daemonSet', mutate: o => { pod(o).tolerations = [{ key: 'x', operator: '', value: 'y' }]; }, expected: null },
  { name: 'init container hostPort other than containerPort under hostNetwork', base: 'daemonSet', mutate: o => { init(o).ports = [{ containerPort: 8081, hostPort: 9998 }]; }, expected: null },
  { name: 'cluster-scoped object with namespace ""', base: 'clusterRole', mutate: o => { o.metadata.namespace = ''; }, expected: null },
  { name: 'priorityClassName ""', base: 'daemonSet', mutate: o => { pod(o).priorityClassName = ''; }, expected: null },
  { name: 'liveness successThreshold 0 (defaulted to 1)', base: 'daemonSet', mutate: o => { ctr(o).livenessProbe.successThreshold = 0; }, expected: null },
  { name: 'env fieldRef spec.host (converted to spec.nodeName)', base: 'daemonSet', mutate: o => { ctr(o).env[0].valueFrom.fieldRef.fieldPath = 'spec.host'; }, expected: null },
  { name: 'env fieldRef metadata.annotations[\'Foo/Bar\'] (lower-cased)', base: 'daemonSet', mutate: o => { ctr(o).env[0].valueFrom.fieldRef.fieldPath = 'metadata.annotations[\'Foo/Bar\']'; }, expected: null },
  { name: 'resourceFieldRef divisor "1000m" for cpu (canonically "1")', base: 'daemonSet', mutate: o => { ctr(o).env.push({ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1000m' } } }); }, expected: null },
  { name: 'User subject without apiGroup (defaulted)', base: 'binding', mutate: o => { o.subjects = [{ kind: 'User', name: 'alice' }]; }, expected: null },
  { name: 'roleRef without apiGroup (defaulted)', base: 'binding', mutate: o => { delete o.roleRef.apiGroup; }, expected: null },
  { name: 'standard finalizer "kubernetes"', base: 'namespace', mutate: o => { o.spec = { finalizers: ['kubernetes'] }; }, expected: null },
  { name: 'selector matchExpressions that match the template', base: 'daemonSet', mutate: o => { o.spec.selector.matchExpressions = [{ key: 'app', operator: 'In', values: ['agent', 'other'] }]; }, expected: null },
  { name: 'hostNetwork, two containers on different ports without hostPort', base: 'daemonSet', mutate: o => { pod(o).containers.push({ name: 'sidecar', image: 'x', ports: [{ containerPort: 9101 }] }); }, expected: null },
  // annotations read as pod settings
  { name: 'AppArmor "runtime/default" for the init container', base: 'daemonSet', mutate: o => annotate(o, `${APPARMOR}init`, 'runtime/default'), expected: null },
  { name: 'AppArmor profile "" and "localhost/x"', base: 'daemonSet', mutate: o => { annotate(o, `${APPARMOR}agent`, 'localhost/x'); annotate(o, `${APPARMOR}init`, ''); }, expected: null },
  { name: 'seccomp annotation "localhost/profiles/a.json" without the field', base: 'daemonSet', mutate: o => annotate(o, SECCOMP, 'localhost/profiles/a.json'), expected: null },
  { name: 'seccomp annotation "docker/default" with the field RuntimeDefault', base: 'daemonSet', mutate: o => { annotate(o, SECCOMP, 'docker/default'); pod(o).securityContext = { seccompProfile: { type: 'RuntimeDefault' } }; }, expected: null },
  { name: 'seccomp annotation for a container the pod does not have', base: 'daemonSet', mutate: o => annotate(o, `${SECCOMP_CONTAINER}ghost`, 'unconfined'), expected: null },
  { name: 'tolerations annotation with a valid list', base: 'daemonSet', mutate: o => annotate(o, TOLERATIONS, '[{"key":"k","operator":"Exists"}]'), expected: null },
  // Deployment and PodDisruptionBudget
  { name: 'Deployment Recreate without rollingUpdate, 0 replicas', base: 'deployment', mutate: o => { o.spec.strategy = { type: 'Recreate' }; o.spec.replicas = 0; }, expected: null },
  { name: 'Deployment maxSurge "200%" (a Deployment may surge over 100%)', base: 'deployment', mutate: o => { o.spec.strategy.rollingUpdate.maxSurge = '200%'; }, expected: null },
  { name: 'Deployment maxUnavailable 0 with the default maxSurge', base: 'deployment', mutate: o => { o.spec.strategy.rollingUpdate = { maxUnavailable: 0 }; }, expected: null },
  { name: 'PodDisruptionBudget minAvailable "100%"', base: 'disruptionBudget', mutate: o => { o.spec = { minAvailable: '100%', selector: o.spec.selector }; }, expected: null },
];

// ---- the server refuses: holes ------------------------------------------------------------------
const refused: Case[] = [
  // metadata
  { name: 'finalizer without a domain', base: 'serviceAccount', mutate: o => { o.metadata.finalizers = ['foo']; }, expected: 'metadata.finalizers[0]' },
  { name: 'finalizer "a b"', base: 'daemonSet', mutate: o => { o.metadata.finalizers = ['a b']; }, expected: 'metadata.finalizers[0]' },
  { name: 'finalizers orphan and foregroundDeletion together', base: 'configMap', mutate: o => { o.metadata.finalizers = ['orphan', 'foregroundDeletion']; }, expected: 'metadata.finalizers' },
  { name: 'annotations over 256 KiB in bytes (2-byte characters)', base: 'service', mutate: o => { o.metadata.annotations = { 'example.com/x': 'é'.repeat(131072) }; }, expected: 'metadata.annotations' },
  { name: 'Namespace spec.finalizers without a domain', base: 'namespace', mutate: o => { o.spec = { finalizers: ['foo'] }; }, expected: 'spec.finalizers[0]' },
  { name: 'ServiceAccount automountServiceAccountToken "yes"', base: 'serviceAccount', mutate: o => { o.automountServiceAccountToken = 'yes'; }, expected: 'automountServiceAccountToken' },
  // ConfigMap
  { name: 'ConfigMap key starting with ".."', base: 'configMap', mutate: o => { o.data['..x'] = 'v'; }, expected: 'data key' },
  { name: 'ConfigMap key in data and binaryData', base: 'configMap', mutate: o => { o.binaryData = { 'agent.yaml': 'aGVsbG8=' }; }, expected: 'binaryData[agent.yaml]' },
  { name: 'ConfigMap binaryData that is not base64', base: 'configMap', mutate: o => { o.binaryData = { k: 'not base64!' }; }, expected: 'binaryData[k]' },
  { name: 'ConfigMap over 1 MiB in bytes (2-byte characters)', base: 'configMap', mutate: o => { o.data.big = 'é'.repeat(524288); }, expected: 'data' },
  { name: 'ConfigMap immutable "yes"', base: 'configMap', mutate: o => { o.immutable = 'yes'; }, expected: 'immutable' },
  // RBAC
  { name: 'rule with both resources and nonResourceURLs', base: 'clusterRole', mutate: o => { o.rules[0].nonResourceURLs = ['/metrics']; }, expected: 'rules[0].nonResourceURLs' },
  { name: 'aggregationRule without selectors', base: 'clusterRole', mutate: o => { o.aggregationRule = { clusterRoleSelectors: [] }; }, expected: 'aggregationRule.clusterRoleSelectors' },
  { name: 'aggregationRule selector with key "a b"', base: 'clusterRole', mutate: o => { o.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { 'a b': 'true' } }] }; }, expected: 'aggregationRule.clusterRoleSelectors[0].matchLabels key' },
  { name: 'roleRef apiGroup "foo"', base: 'binding', mutate: o => { o.roleRef.apiGroup = 'foo'; }, expected: 'roleRef.apiGroup' },
  { name: 'roleRef name "a/b"', base: 'binding', mutate: o => { o.roleRef.name = 'a/b'; }, expected: 'roleRef.name' },
  { name: 'subject kind "Foo"', base: 'binding', mutate: o => { o.subjects[0].kind = 'Foo'; }, expected: 'subjects[0].kind' },
  { name: 'subject without a name', base: 'binding', mutate: o => { o.subjects = [{ kind: 'Group', name: '', apiGroup: 'rbac.authorization.k8s.io' }]; }, expected: 'subjects[0].name' },
  { name: 'ServiceAccount subject with apiGroup rbac.authorization.k8s.io', base: 'binding', mutate: o => { o.subjects[0].apiGroup = 'rbac.authorization.k8s.io'; }, expected: 'subjects[0].apiGroup' },
  { name: 'User subject with apiGroup "foo"', base: 'binding', mutate: o => { o.subjects = [{ kind: 'User', name: 'alice', apiGroup: 'foo' }]; }, expected: 'subjects[0].apiGroup' },
  { name: 'ServiceAccount subject named "a:b"', base: 'binding', mutate: o => { o.subjects[0].name = 'a:b'; }, expected: 'subjects[0].name' },
  // Service
  { name: 'nodePort on a ClusterIP Service', base: 'service', mutate: o => { delete o.spec.clusterIP; o.spec.ports[0].nodePort = 30080; }, expected: 'spec.ports[0].nodePort' },
  { name: 'headless NodePort Service', base: 'service', mutate: o => { o.spec.type = 'NodePort'; }, expected: 'spec.clusterIP' },
  { name: 'clusterIP "abc"', base: 'service', mutate: o => { o.spec.clusterIP = 'abc'; }, expected: 'spec.clusterIP' },
  { name: 'externalTrafficPolicy on a ClusterIP Service', base: 'service', mutate: o => { o.spec.externalTrafficPolicy = 'Local'; }, expected: 'spec.externalTrafficPolicy' },
  { name: 'externalTrafficPolicy "Foo"', base: 'service', mutate: o => { delete o.spec.clusterIP; o.spec.type = 'NodePort'; o.spec.externalTrafficPolicy = 'Foo'; }, expected: 'spec.externalTrafficPolicy' },
  { name: 'healthCheckNodePort without LoadBalancer and Local', base: 'service', mutate: o => { o.spec.healthCheckNodePort = 30000; }, expected: 'spec.healthCheckNodePort' },
  { name: 'loadBalancerSourceRanges on a ClusterIP Service', base: 'service', mutate: o => { o.spec.loadBalancerSourceRanges = ['10.0.0.0/8']; }, expected: 'spec.loadBalancerSourceRanges' },
  { name: 'loadBalancerSourceRanges "10.0.0.0/33"', base: 'service', mutate: o => { delete o.spec.clusterIP; o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = ['10.0.0.0/33']; }, expected: 'spec.loadBalancerSourceRanges[0]' },
  { name: 'externalIPs loopback', base: 'service', mutate: o => { o.spec.externalIPs = ['127.0.0.1']; }, expected: 'spec.externalIPs[0]' },
  { name: 'ExternalName without externalName', base: 'service', mutate: o => { delete o.spec.clusterIP; o.spec.type = 'ExternalName'; }, expected: 'spec.externalName' },
  { name: 'sessionAffinity "Foo"', base: 'service', mutate: o => { o.spec.sessionAffinity = 'Foo'; }, expected: 'spec.sessionAffinity' },
  { name: 'appProtocol "a b"', base: 'service', mutate: o => { o.spec.ports[0].appProtocol = 'a b'; }, expected: 'spec.ports[0].appProtocol' },
  { name: 'publishNotReadyAddresses "yes"', base: 'service', mutate: o => { o.spec.publishNotReadyAddresses = 'yes'; }, expected: 'spec.publishNotReadyAddresses' },
  { name: 'LoadBalancer on the kubelet port', base: 'service', mutate: o => { delete o.spec.clusterIP; o.spec.type = 'LoadBalancer'; o.spec.ports[0].port = 10250; }, expected: 'spec.ports[0].port' },
  // DaemonSet and pod
  { name: 'selector matchExpressions that do not match the template', base: 'daemonSet', mutate: o => { o.spec.selector.matchExpressions = [{ key: 'app', operator: 'In', values: ['other'] }]; }, expected: 'spec.template.metadata.labels' },
  { name: 'selector matchExpressions operator "Gt"', base: 'daemonSet', mutate: o => { o.spec.selector.matchExpressions = [{ key: 'app', operator: 'Gt', values: ['1'] }]; }, expected: 'spec.selector.matchExpressions[0].operator' },
  { name: 'hostname "Foo"', base: 'daemonSet', mutate: o => { pod(o).hostname = 'Foo'; }, expected: `${P}.hostname` },
  { name: 'subdomain "a.b"', base: 'daemonSet', mutate: o => { pod(o).subdomain = 'a.b'; }, expected: `${P}.subdomain` },
  { name: 'nodeName "a b"', base: 'daemonSet', mutate: o => { pod(o).nodeName = 'a b'; }, expected: `${P}.nodeName` },
  { name: 'runtimeClassName ""', base: 'daemonSet', mutate: o => { pod(o).runtimeClassName = ''; }, expected: `${P}.runtimeClassName` },
  { name: 'dnsPolicy None without nameservers', base: 'daemonSet', mutate: o => { pod(o).dnsPolicy = 'None'; pod(o).dnsConfig = { searches: ['example.com'] }; }, expected: `${P}.dnsConfig.nameservers` },
  { name: 'dnsConfig nameserver "999.1.1.1"', base: 'daemonSet', mutate: o => { pod(o).dnsConfig = { nameservers: ['999.1.1.1'] }; }, expected: `${P}.dnsConfig.nameservers[0]` },
  { name: 'dnsConfig search "a b"', base: 'daemonSet', mutate: o => { pod(o).dnsConfig = { searches: ['a b'] }; }, expected: `${P}.dnsConfig.searches[0]` },
  { name: 'dnsConfig option without a name', base: 'daemonSet', mutate: o => { pod(o).dnsConfig = { options: [{ name: '' }] }; }, expected: `${P}.dnsConfig.options[0].name` },
  { name: 'preemptionPolicy "Foo"', base: 'daemonSet', mutate: o => { pod(o).preemptionPolicy = 'Foo'; }, expected: `${P}.preemptionPolicy` },
  { name: 'podAntiAffinity without topologyKey', base: 'daemonSet', mutate: o => { pod(o).affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'x' } }, topologyKey: '' }] } }; }, expected: `${P}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey` },
  { name: 'podAffinity selector value "a b"', base: 'daemonSet', mutate: o => { pod(o).affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'a b' } }, topologyKey: 'kubernetes.io/hostname' }] } }; }, expected: `${P}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels[app]` },
  { name: 'matchFields with operator Exists', base: 'daemonSet', mutate: o => { pod(o).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }] } } }; }, expected: `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].operator` },
  { name: 'matchFields node name "Foo"', base: 'daemonSet', mutate: o => { pod(o).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['Foo'] }] }] } } }; }, expected: `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]` },
  { name: 'sysctl set twice', base: 'daemonSet', mutate: o => { pod(o).securityContext = { sysctls: [{ name: 'net.core.somaxconn', value: '1' }, { name: 'net.core.somaxconn', value: '2' }] }; }, expected: `${P}.securityContext.sysctls[1].name` },
  { name: 'seccompProfile without type', base: 'daemonSet', mutate: o => { pod(o).securityContext = { seccompProfile: {} }; }, expected: `${P}.securityContext.seccompProfile.type` },
  { name: 'shareProcessNamespace with hostPID', base: 'daemonSet', mutate: o => { pod(o).shareProcessNamespace = true; pod(o).hostPID = true; }, expected: `${P}.shareProcessNamespace` },
  { name: 'hostNetwork "yes"', base: 'daemonSet', mutate: o => { pod(o).hostNetwork = 'yes'; }, expected: `${P}.hostNetwork` },
  { name: 'hostNetwork: a second container on the same port without hostPort (defaulted, duplicate)', base: 'daemonSet', mutate: o => { pod(o).containers.push({ name: 'sidecar', image: 'x', ports: [{ containerPort: 9100 }] }); }, expected: `${P}.containers[sidecar].ports[0].hostPort` },
  { name: 'hostNetwork: hostPort 0 on a port another one uses (defaulted, duplicate)', base: 'daemonSet', mutate: o => { ctr(o).ports.push({ containerPort: 9100, hostPort: 0, name: 'other' }); }, expected: `${C}.ports[1].hostPort` },
  { name: 'emptyDir sizeLimit "-1Gi"', base: 'daemonSet', mutate: o => { pod(o).volumes.push({ name: 'tmp', emptyDir: { sizeLimit: '-1Gi' } }); }, expected: `${P}.volumes[1].emptyDir.sizeLimit` },
  { name: 'configMap volume defaultMode 512 (over 0777)', base: 'daemonSet', mutate: o => { pod(o).volumes.push({ name: 'cfg', configMap: { name: 'x', defaultMode: 512 } }); }, expected: `${P}.volumes[1].configMap.defaultMode` },
  { name: 'configMap volume item path "/p"', base: 'daemonSet', mutate: o => { pod(o).volumes.push({ name: 'cfg', configMap: { name: 'x', items: [{ key: 'k', path: '/p' }] } }); }, expected: `${P}.volumes[1].configMap.items[0].path` },
  { name: 'configMap volume item path "..p"', base: 'daemonSet', mutate: o => { pod(o).volumes.push({ name: 'cfg', configMap: { name: 'x', items: [{ key: 'k', path: '..p' }] } }); }, expected: `${P}.volumes[1].configMap.items[0].path` },
  { name: 'configMap volume without a name', base: 'daemonSet', mutate: o => { pod(o).volumes.push({ name: 'cfg', configMap: { name: '' } }); }, expected: `${P}.volumes[1].configMap.name` },
  { name: 'secret volume without secretName', base: 'daemonSet', mutate: o => { pod(o).volumes.push({ name: 'sec', secret: { secretName: '' } }); }, expected: `${P}.volumes[1].secret.secretName` },
  // containers
  { name: 'lifecycle hook with two handlers', base: 'daemonSet', mutate: o => { ctr(o).lifecycle = { preStop: { exec: { command: ['x'] }, httpGet: { port: 80 } } }; }, expected: `${C}.lifecycle.preStop` },
  { name: 'lifecycle hook without a handler', base: 'daemonSet', mutate: o => { ctr(o).lifecycle = { postStart: {} }; }, expected: `${C}.lifecycle.postStart` },
  { name: 'lifecycle tcpSocket port 0', base: 'daemonSet', mutate: o => { ctr(o).lifecycle = { preStop: { tcpSocket: { port: 0 } } }; }, expected: `${C}.lifecycle.preStop.tcpSocket.port` },
  { name: 'lifecycle httpGet port "Web"', base: 'daemonSet', mutate: o => { ctr(o).lifecycle = { postStart: { httpGet: { port: 'Web' } } }; }, expected: `${C}.lifecycle.postStart.httpGet.port` },
  { name: 'lifecycle on an init container', base: 'daemonSet', mutate: o => { init(o).lifecycle = { preStop: { exec: { command: ['x'] } } }; }, expected: `${P}.initContainers[init].lifecycle` },
  { name: 'terminationMessagePolicy "Foo"', base: 'daemonSet', mutate: o => { ctr(o).terminationMessagePolicy = 'Foo'; }, expected: `${C}.terminationMessagePolicy` },
  { name: 'env name ".."', base: 'daemonSet', mutate: o => { ctr(o).env.push({ name: '..', value: 'x' }); }, expected: `${C}.env[1].name` },
  { name: 'envFrom prefix "a b"', base: 'daemonSet', mutate: o => { ctr(o).envFrom = [{ prefix: 'a b', configMapRef: { name: 'x' } }]; }, expected: `${C}.envFrom[0].prefix` },
  { name: 'envFrom with configMapRef and secretRef', base: 'daemonSet', mutate: o => { ctr(o).envFrom = [{ configMapRef: { name: 'x' }, secretRef: { name: 'x' } }]; }, expected: `${C}.envFrom[0]` },
  { name: 'envFrom without a source', base: 'daemonSet', mutate: o => { ctr(o).envFrom = [{}]; }, expected: `${C}.envFrom[0]` },
  { name: 'env fieldRef spec.foo', base: 'daemonSet', mutate: o => { ctr(o).env[0].valueFrom.fieldRef.fieldPath = 'spec.foo'; }, expected: `${C}.env[0].valueFrom.fieldRef.fieldPath` },
  { name: 'env fieldRef apiVersion v2', base: 'daemonSet', mutate: o => { ctr(o).env[0].valueFrom.fieldRef.apiVersion = 'v2'; }, expected: `${C}.env[0].valueFrom.fieldRef.apiVersion` },
  { name: 'env resourceFieldRef limits.foo', base: 'daemonSet', mutate: o => { ctr(o).env.push({ name: 'X', valueFrom: { resourceFieldRef: { resource: 'limits.foo' } } }); }, expected: `${C}.env[1].valueFrom.resourceFieldRef.resource` },
  { name: 'env resourceFieldRef cpu divisor "3"', base: 'daemonSet', mutate: o => { ctr(o).env.push({ name: 'X', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '3' } } }); }, expected: `${C}.env[1].valueFrom.resourceFieldRef.divisor` },
  { name: 'env configMapKeyRef without a name', base: 'daemonSet', mutate: o => { ctr(o).env.push({ name: 'X', valueFrom: { configMapKeyRef: { name: '', key: 'k' } } }); }, expected: `${C}.env[1].valueFrom.configMapKeyRef.name` },
  { name: 'env secretKeyRef without a key', base: 'daemonSet', mutate: o => { ctr(o).env.push({ name: 'X', valueFrom: { secretKeyRef: { name: 'x', key: '' } } }); }, expected: `${C}.env[1].valueFrom.secretKeyRef.key` },
  { name: 'a request above a null limit (decoded as 0)', base: 'daemonSet', mutate: o => { ctr(o).resources.limits.cpu = null; }, expected: `${C}.resources.requests.cpu` },
  { name: 'requests above limits', base: 'daemonSet', mutate: o => { ctr(o).resources = { requests: { cpu: '200m' }, limits: { cpu: '100m' } }; }, expected: `${C}.resources.requests.cpu` },
  { name: 'requests "1Gi" above limits "1G"', base: 'daemonSet', mutate: o => { ctr(o).resources = { requests: { memory: '1Gi' }, limits: { memory: '1G' } }; }, expected: `${C}.resources.requests.memory` },
  { name: 'resource name "foo"', base: 'daemonSet', mutate: o => { ctr(o).resources.limits.foo = '1'; }, expected: `${C}.resources.limits.foo` },
  { name: 'resource name "requests.cpu"', base: 'daemonSet', mutate: o => { ctr(o).resources.requests['requests.cpu'] = '1'; }, expected: `${C}.resources.requests.requests.cpu` },
  { name: 'extended resource requested without a limit', base: 'daemonSet', mutate: o => { ctr(o).resources.requests['nvidia.com/gpu'] = '1'; }, expected: `${C}.resources.limits.nvidia.com/gpu` },
  { name: 'extended resource of "100m"', base: 'daemonSet', mutate: o => { ctr(o).resources.limits['nvidia.com/gpu'] = '100m'; }, expected: `${C}.resources.limits.nvidia.com/gpu` },
  { name: 'hugepages without cpu or memory', base: 'daemonSet', mutate: o => { ctr(o).resources = { limits: { 'hugepages-2Mi': '2Mi' }, requests: { 'hugepages-2Mi': '2Mi' } }; }, expected: `${C}.resources` },
  { name: 'subPath "../x"', base: 'daemonSet', mutate: o => { ctr(o).volumeMounts[0].subPath = '../x'; }, expected: `${C}.volumeMounts[0].subPath` },
  { name: 'subPathExpr "/x"', base: 'daemonSet', mutate: o => { ctr(o).volumeMounts[0].subPathExpr = '/x'; }, expected: `${C}.volumeMounts[0].subPathExpr` },
  { name: 'subPath and subPathExpr together', base: 'daemonSet', mutate: o => { ctr(o).volumeMounts[0].subPath = 'x'; ctr(o).volumeMounts[0].subPathExpr = 'y'; }, expected: `${C}.volumeMounts[0].subPathExpr` },
  { name: 'probe header name "a b"', base: 'daemonSet', mutate: o => { ctr(o).livenessProbe.httpGet.httpHeaders = [{ name: 'a b', value: 'v' }]; }, expected: `${C}.livenessProbe.httpGet.httpHeaders[0].name` },
  { name: 'probe exec without a command', base: 'daemonSet', mutate: o => { ctr(o).readinessProbe = { exec: { command: [] } }; }, expected: `${C}.readinessProbe.exec.command` },
  { name: 'readOnlyRootFilesystem "yes"', base: 'daemonSet', mutate: o => { ctr(o).securityContext.readOnlyRootFilesystem = 'yes'; }, expected: `${C}.securityContext.readOnlyRootFilesystem` },
  { name: 'CAP_SYS_ADMIN with allowPrivilegeEscalation false', base: 'daemonSet', mutate: o => { ctr(o).securityContext.capabilities = { add: ['CAP_SYS_ADMIN'] }; }, expected: `${C}.securityContext.allowPrivilegeEscalation` },
  { name: 'seccomp localhostProfile "/p.json"', base: 'daemonSet', mutate: o => { ctr(o).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: '/p.json' }; }, expected: `${C}.securityContext.seccompProfile.localhostProfile` },
  // annotations read as pod settings (found by the differential check: Falco's annotation after a container rename)
  { name: 'AppArmor annotation for a container the pod does not have', base: 'daemonSet', mutate: o => annotate(o, `${APPARMOR}ghost`, 'unconfined'), expected: `${A}[${APPARMOR}ghost]` },
  { name: 'AppArmor profile "foo"', base: 'daemonSet', mutate: o => annotate(o, `${APPARMOR}agent`, 'foo'), expected: `${A}[${APPARMOR}agent]` },
  { name: 'seccomp annotation "foo"', base: 'daemonSet', mutate: o => annotate(o, SECCOMP, 'foo'), expected: `${A}[${SECCOMP}]` },
  { name: 'seccomp container annotation "localhost/../x"', base: 'daemonSet', mutate: o => annotate(o, `${SECCOMP_CONTAINER}agent`, 'localhost/../x'), expected: `${A}[${SECCOMP_CONTAINER}agent]` },
  { name: 'seccomp annotation "unconfined" against the field RuntimeDefault', base: 'daemonSet', mutate: o => { annotate(o, SECCOMP, 'unconfined'); pod(o).securityContext = { seccompProfile: { type: 'RuntimeDefault' } }; }, expected: `${A}[${SECCOMP}]` },
  { name: 'seccomp container annotation against another Localhost profile in the field', base: 'daemonSet', mutate: o => { annotate(o, `${SECCOMP_CONTAINER}agent`, 'localhost/a.json'); ctr(o).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'b.json' }; }, expected: `${A}[${SECCOMP_CONTAINER}agent]` },
  { name: 'mirror-pod annotation without nodeName', base: 'daemonSet', mutate: o => annotate(o, 'kubernetes.io/config.mirror', 'x'), expected: `${A}[kubernetes.io/config.mirror]` },
  { name: 'tolerations annotation that is not JSON', base: 'daemonSet', mutate: o => annotate(o, TOLERATIONS, 'not json'), expected: `${A}[${TOLERATIONS}]` },
  { name: 'tolerations annotation with a keyless Equal toleration', base: 'daemonSet', mutate: o => annotate(o, TOLERATIONS, '[{"operator":"Equal","value":"x"}]'), expected: `${A}[${TOLERATIONS}][0].operator` },
  // Deployment
  { name: 'Deployment Recreate with rollingUpdate settings', base: 'deployment', mutate: o => { o.spec.strategy.type = 'Recreate'; }, expected: 'spec.strategy.rollingUpdate' },
  { name: 'Deployment strategy "Foo"', base: 'deployment', mutate: o => { o.spec.strategy.type = 'Foo'; }, expected: 'spec.strategy.type' },
  { name: 'Deployment maxUnavailable and maxSurge both 0', base: 'deployment', mutate: o => { o.spec.strategy.rollingUpdate = { maxUnavailable: 0, maxSurge: '0%' }; }, expected: 'spec.strategy.rollingUpdate' },
  { name: 'Deployment maxUnavailable "101%"', base: 'deployment', mutate: o => { o.spec.strategy.rollingUpdate.maxUnavailable = '101%'; }, expected: 'spec.strategy.rollingUpdate.maxUnavailable' },
  { name: 'Deployment replicas -1', base: 'deployment', mutate: o => { o.spec.replicas = -1; }, expected: 'spec.replicas' },
  { name: 'Deployment progressDeadlineSeconds equal to minReadySeconds', base: 'deployment', mutate: o => { o.spec.minReadySeconds = 10; o.spec.progressDeadlineSeconds = 10; }, expected: 'spec.progressDeadlineSeconds' },
  { name: 'Deployment progressDeadlineSeconds 0 (minReadySeconds unset, so 0)', base: 'deployment', mutate: o => { o.spec.progressDeadlineSeconds = 0; }, expected: 'spec.progressDeadlineSeconds' },
  { name: 'Deployment minReadySeconds 700 against the default deadline of 600', base: 'deployment', mutate: o => { o.spec.minReadySeconds = 700; }, expected: 'spec.progressDeadlineSeconds' },
  { name: 'Deployment selector that does not match the template', base: 'deployment', mutate: o => { o.spec.selector = { matchLabels: { app: 'other' } }; }, expected: 'spec.template.metadata.labels[app]' },
  { name: 'Deployment pods with restartPolicy OnFailure', base: 'deployment', mutate: o => { pod(o).restartPolicy = 'OnFailure'; }, expected: `${P}.restartPolicy` },
  { name: 'Deployment container port 70000', base: 'deployment', mutate: o => { ctr(o).ports[0].containerPort = 70000; }, expected: `${C}.ports[0].containerPort` },
  // PodDisruptionBudget
  { name: 'PodDisruptionBudget with minAvailable and maxUnavailable', base: 'disruptionBudget', mutate: o => { o.spec.minAvailable = 1; }, expected: 'spec.maxUnavailable' },
  { name: 'PodDisruptionBudget minAvailable "150%"', base: 'disruptionBudget', mutate: o => { o.spec = { minAvailable: '150%', selector: o.spec.selector }; }, expected: 'spec.minAvailable' },
  { name: 'PodDisruptionBudget selector key "a b"', base: 'disruptionBudget', mutate: o => { o.spec.selector = { matchLabels: { 'a b': 'x' } }; }, expected: 'spec.selector.matchLabels key' },
];

// ---- the server accepts, the validator refuses on purpose (tools/differential/intended.ts) -----
const intended: Case[] = [
  { name: 'intended: Gt with a value the scheduler cannot parse', base: 'daemonSet', mutate: o => { pod(o).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'rank', operator: 'Gt', values: ['abc'] }] }] } } }; }, expected: `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values` },
  { name: 'intended: image with surrounding spaces (refused for every pod)', base: 'daemonSet', mutate: o => { ctr(o).image = ' nginx'; }, expected: `${C}.image` },
  { name: 'intended: a namespace on a cluster-scoped object (cleared by the server)', base: 'clusterRole', mutate: o => { o.metadata.namespace = 'monitoring'; }, expected: 'metadata.namespace' },
  { name: 'intended: procMount "Foo" (validated with the ProcMountType gate on)', base: 'daemonSet', mutate: o => { ctr(o).securityContext.procMount = 'Foo'; }, expected: `${C}.securityContext.procMount` },
  { name: 'intended: selector expression value "a b" (v1.28 refuses it)', base: 'daemonSet', mutate: o => { o.spec.selector.matchExpressions = [{ key: 'app', operator: 'NotIn', values: ['a b'] }]; }, expected: 'spec.selector.matchExpressions[0].values[0]' },
  { name: 'intended: Argo CD sync wave that is not a whole number', base: 'configMap', mutate: o => { o.metadata.annotations = { 'argocd.argoproj.io/sync-wave': 'early' }; }, expected: 'metadata.annotations[argocd.argoproj.io/sync-wave]' },
  { name: 'intended: pod deletion cost "+10" (v1.21+ refuses it)', base: 'deployment', mutate: o => annotate(o, 'controller.kubernetes.io/pod-deletion-cost', '+10'), expected: `${A}[controller.kubernetes.io/pod-deletion-cost]` },
  { name: 'intended: PodDisruptionBudget name "a b" (the server validates no PDB metadata)', base: 'disruptionBudget', mutate: o => { o.metadata.name = 'a b'; }, expected: 'metadata.name' },
  { name: 'intended: PodDisruptionBudget finalizer without a domain (the server validates no PDB metadata)', base: 'disruptionBudget', mutate: o => { o.metadata.finalizers = ['foo']; }, expected: 'metadata.finalizers[0]' },
  { name: 'intended: unhealthyPodEvictionPolicy "Foo" (v1.26+ refuses it)', base: 'disruptionBudget', mutate: o => { o.spec.unhealthyPodEvictionPolicy = 'Foo'; }, expected: 'spec.unhealthyPodEvictionPolicy' },
];

/** Every case with the server's verdict; tools/differential/pin-check.ts asks the server again. */
export const CASES: (Case & { readonly server: 'accepts' | 'refuses' })[] = [
  ...accepted.map(c => ({ ...c, server: 'accepts' as const })),
  ...refused.map(c => ({ ...c, server: 'refuses' as const })),
  ...intended.map(c => ({ ...c, server: 'accepts' as const })),
];

describe('output rules pinned to the API server (tools/differential)', () => {
  test.each(Object.keys(BASES))('the %s base object is valid', base => {
    expect(objectProblems(BASES[base as keyof typeof BASES]())).toEqual([]);
  });

  test.each(CASES.map(c => [c.name, c] as const))('%s', (_, c) => {
    const obj = BASES[c.base]();
    c.mutate(obj);
    const problems = objectProblems(obj);
    if (c.expected === null) expect(problems).toEqual([]);
    else expect(problems.map(p => p.property)).toContain(c.expected);
  });
});

describe('finalizers of custom resources', () => {
  test('accepts a finalizer without a domain on a custom resource (apiextensions does not require one), refuses it on a built-in kind', () => {
    const application = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] }, spec: {} };
    expect(objectProblems(application)).toEqual([]);
    const builtInObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x', finalizers: ['resources-finalizer.argocd.argoproj.io'] } };
    expect(objectProblems(builtInObject).map(p => p.property)).toEqual(['metadata.finalizers[0]']);
  });
});

describe('verdicts remembered across objects (verdicts.ts)', () => {
  test('the same container in a pod without its volume is refused, after a pod with it passed', () => {
    expect(objectProblems(daemonSet())).toEqual([]);
    const withoutVolume = daemonSet();
    withoutVolume.spec.template.spec.volumes[0].name = 'other';
    expect(objectProblems(withoutVolume).map(p => p.property)).toEqual([`${C}.volumeMounts[0].name`]);
  });

  test('the same bad container, host path and placement are reported in every object that has them', () => {
    const bad = () => {
      const o = daemonSet();
      o.spec.template.spec.containers[0].ports[0].containerPort = NaN;
      o.spec.template.spec.volumes[0].hostPath.path = '/a/../b';
      o.spec.template.spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }];
      return o;
    };
    const expected = [`${C}.ports[0].containerPort`, 'spec.template.spec.volumes[0].hostPath.path', 'spec.template.spec.tolerations[0].value'];
    for (let i = 0; i < 3; i++) {
      expect(objectProblems(bad()).map(p => p.property).filter(p => expected.includes(p)).sort()).toEqual([...expected].sort());
    }
  });

  test('a container changed after it passed is checked again', () => {
    const o = daemonSet();
    expect(objectProblems(o)).toEqual([]);
    o.spec.template.spec.containers[0].image = ' spaced';
    expect(objectProblems(o).map(p => p.property)).toEqual([`${C}.image`]);
  });
});
