import { CILIUM_CONFIG_NAME } from './config-map';
import { CiliumRbacRule } from './rbac-rule';

const CILIUM = 'cilium.io';
const CRDS = 'apiextensions.k8s.io';
const ALL = ['create', 'update', 'get', 'list', 'watch', 'delete', 'patch'];

/**
 * The CRDs the operator registers and may update (the chart's resourceNames, 1.20.0): the agent
 * waits for them, so they exist once the operator has run.
 */
export const CILIUM_CRDS: readonly string[] = [
  'ciliumloadbalancerippools', 'ciliumbgpclusterconfigs', 'ciliumbgppeerconfigs', 'ciliumbgpadvertisements',
  'ciliumbgpnodeconfigs', 'ciliumbgpnodeconfigoverrides', 'ciliumclusterwideenvoyconfigs',
  'ciliumclusterwidenetworkpolicies', 'ciliumegressgatewaypolicies', 'ciliumendpoints', 'ciliumendpointslices',
  'ciliumenvoyconfigs', 'ciliumidentities', 'ciliumlocalredirectpolicies', 'ciliumnetworkpolicies', 'ciliumnodes',
  'ciliumnodeconfigs', 'ciliumcidrgroups', 'ciliuml2announcementpolicies', 'ciliumpodippools',
  'ciliumgatewayclassconfigs', 'ciliumdatapathplugins',
].map(name => `${name}.${CILIUM}`);

/** The CRDs whose status the operator updates (the BGP ones). */
const STATUS_CRDS = ['ciliumbgpclusterconfigs', 'ciliumbgppeerconfigs', 'ciliumbgpadvertisements', 'ciliumbgpnodeconfigs', 'ciliumbgpnodeconfigoverrides']
  .map(name => `${name}.${CILIUM}`);

/**
 * The operator's ClusterRole, rule for rule as the chart renders it (templates/cilium-operator/
 * clusterrole.yaml, 1.20.0). It registers Cilium's CRDs itself (create, and update only of its
 * own), which is why this install ships none.
 */
export const OPERATOR_CLUSTER_RULES: readonly CiliumRbacRule[] = [
  // Restarts kube-dns pods started before Cilium, so Cilium manages them.
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'delete'] },
  // Annotates its own ConfigMap, and no other.
  { apiGroups: [''], resources: ['configmaps'], resourceNames: [CILIUM_CONFIG_NAME], verbs: ['patch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
  // Removes the agent-not-ready taint and clears NetworkUnavailable once the agent runs.
  { apiGroups: [''], resources: ['nodes', 'nodes/status'], verbs: ['patch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  // LoadBalancer IP allocation.
  { apiGroups: [''], resources: ['services/status'], verbs: ['update', 'patch'] },
  { apiGroups: [''], resources: ['namespaces', 'secrets', 'serviceaccounts'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
  {
    apiGroups: [CILIUM],
    resources: ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies'],
    verbs: ['create', 'update', 'deletecollection', 'patch', 'get', 'list', 'watch'],
  },
  { apiGroups: [CILIUM], resources: ['ciliumnetworkpolicies/status', 'ciliumclusterwidenetworkpolicies/status'], verbs: ['patch', 'update'] },
  // Garbage collection of endpoints, identities and nodes.
  { apiGroups: [CILIUM], resources: ['ciliumendpoints', 'ciliumidentities'], verbs: ['delete', 'list', 'watch'] },
  { apiGroups: [CILIUM], resources: ['ciliumidentities'], verbs: ['update'] },
  { apiGroups: [CILIUM], resources: ['ciliumnodes'], verbs: ['create', 'update', 'get', 'list', 'watch', 'delete'] },
  { apiGroups: [CILIUM], resources: ['ciliumnodes/status'], verbs: ['update'] },
  {
    apiGroups: [CILIUM],
    resources: ['ciliumendpointslices', 'ciliumenvoyconfigs', 'ciliumbgpclusterconfigs', 'ciliumbgpnodeconfigoverrides',
      'ciliumbgppeerconfigs', 'ciliumbgpadvertisements', 'ciliumbgpnodeconfigs', 'ciliumcidrgroups'],
    verbs: ALL,
  },
  { apiGroups: [CILIUM], resources: ['ciliumbgpclusterconfigs/status', 'ciliumbgppeerconfigs/status'], verbs: ['update'] },
  // Registers the CRDs, and updates only Cilium's.
  { apiGroups: [CRDS], resources: ['customresourcedefinitions'], verbs: ['create', 'get', 'list', 'watch'] },
  { apiGroups: [CRDS], resources: ['customresourcedefinitions'], verbs: ['update'], resourceNames: [...CILIUM_CRDS] },
  { apiGroups: [CRDS], resources: ['customresourcedefinitions/status'], verbs: ['update'], resourceNames: STATUS_CRDS },
  { apiGroups: [CILIUM], resources: ['ciliumloadbalancerippools', 'ciliumpodippools', 'ciliumbgppeerconfigs', 'ciliumdatapathplugins'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [CILIUM], resources: ['ciliumpodippools'], verbs: ['create'] },
  { apiGroups: [CILIUM], resources: ['ciliumloadbalancerippools/status'], verbs: ['patch'] },
  // Leader election between the replicas.
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'update'] },
  { apiGroups: [CILIUM], resources: ['ciliumendpointslices'], verbs: ['deletecollection'] },
];

/**
 * The operator's Role in `cilium-secrets` (templates/cilium-operator/role.yaml): it copies the
 * TLS Secrets policies reference there, for the agents to read.
 */
export const OPERATOR_SECRETS_RULES: readonly CiliumRbacRule[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'delete', 'update', 'patch'] },
];

/**
 * The operator's Role `cilium-operator-ztunnel` in its namespace (templates/cilium-operator/
 * role.yaml). The chart grants it whatever the encryption setting: the operator's ztunnel
 * controller runs regardless, and deletes a stale ztunnel DaemonSet after ztunnel is switched off.
 */
export const OPERATOR_ZTUNNEL_RULES: readonly CiliumRbacRule[] = [
  { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['create', 'delete', 'get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list', 'watch'] },
];
