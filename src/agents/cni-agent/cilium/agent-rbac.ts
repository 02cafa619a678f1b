import { CiliumRbacRule } from './rbac-rule';

const CILIUM = 'cilium.io';

/**
 * The agent's ClusterRole, rule for rule as the chart renders it (templates/cilium-agent/
 * clusterrole.yaml, 1.20.0). No wildcards. The agent only reads CRDs: the operator registers them
 * and the agent waits until they are there.
 */
export const AGENT_CLUSTER_RULES: readonly CiliumRbacRule[] = [
  // Network policies, the Services' endpoints and the objects the datapath mirrors.
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['namespaces', 'services', 'pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
  // Waits for the CRDs the operator registers.
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['list', 'watch', 'get'] },
  {
    apiGroups: [CILIUM],
    resources: [
      'ciliumloadbalancerippools', 'ciliumbgpnodeconfigs', 'ciliumbgpadvertisements', 'ciliumbgppeerconfigs',
      'ciliumclusterwideenvoyconfigs', 'ciliumclusterwidenetworkpolicies', 'ciliumegressgatewaypolicies',
      'ciliumendpoints', 'ciliumendpointslices', 'ciliumenvoyconfigs', 'ciliumidentities',
      'ciliumlocalredirectpolicies', 'ciliumnetworkpolicies', 'ciliumnodes', 'ciliumnodeconfigs',
      'ciliumcidrgroups', 'ciliuml2announcementpolicies', 'ciliumpodippools', 'ciliumdatapathplugins',
    ],
    verbs: ['list', 'watch'],
  },
  // Its own node's CiliumNode, the endpoints of its pods and the identities they get.
  { apiGroups: [CILIUM], resources: ['ciliumidentities', 'ciliumendpoints', 'ciliumnodes'], verbs: ['create'] },
  { apiGroups: [CILIUM], resources: ['ciliumidentities'], verbs: ['update'] },
  { apiGroups: [CILIUM], resources: ['ciliumendpoints'], verbs: ['delete', 'get'] },
  { apiGroups: [CILIUM], resources: ['ciliumnodes', 'ciliumnodes/status'], verbs: ['get', 'update'] },
  {
    apiGroups: [CILIUM],
    resources: ['ciliumendpoints/status', 'ciliumendpoints', 'ciliuml2announcementpolicies/status', 'ciliumbgpnodeconfigs/status'],
    verbs: ['patch'],
  },
];

/**
 * The agent's Role `cilium-config-agent` in its own namespace (templates/cilium-agent/role.yaml):
 * its config init container reads the `cilium-config` ConfigMap through the API.
 */
export const AGENT_CONFIG_RULES: readonly CiliumRbacRule[] = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
];

/**
 * The agent's Role in `cilium-secrets` (templates/cilium-agent/role.yaml): it reads the Secrets
 * the operator copies there for policies that reference TLS Secrets (`enable-policy-secrets-sync`).
 */
export const AGENT_SECRETS_RULES: readonly CiliumRbacRule[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
];
