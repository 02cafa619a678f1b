/**
 * Calico's API permissions, rule for rule as manifests/calico.yaml at v3.32.1 grants them
 * (templates/calico-node-rbac.yaml and calico-kube-controllers-rbac.yaml of charts/calico).
 * Calico's kinds are served under two groups: crd.projectcalico.org (the CRDs) and
 * projectcalico.org (Calico's API server, when installed), so each Calico rule names both.
 */
import { ApiResource, IApiResource } from 'cdk8s-plus-28';
import { AccessRule, ApiVerb } from '../../../base/access';

const { GET, LIST, WATCH, CREATE, UPDATE, PATCH, DELETE } = ApiVerb;
const CALICO_GROUPS = ['projectcalico.org', 'crd.projectcalico.org'];

function resources(apiGroups: string[], types: string[]): IApiResource[] {
  return apiGroups.flatMap(apiGroup => types.map(resourceType => ApiResource.custom({ apiGroup, resourceType })));
}
const core = (...types: string[]) => resources([''], types);
const calico = (...types: string[]) => resources(CALICO_GROUPS, types);
const group = (apiGroup: string, ...types: string[]) => resources([apiGroup], types);

/** The ServiceAccount whose token install-cni and calico-node write into the plugin's kubeconfig. */
export const CNI_PLUGIN_ACCOUNT = 'calico-cni-plugin';

/** calico-node: Felix, BIRD and confd, and the tokens of the CNI plugin's kubeconfig. */
export function calicoNodeRules(): AccessRule[] {
  return [
    AccessRule.of({ verbs: [CREATE], resources: core('serviceaccounts/token'), resourceNames: [CNI_PLUGIN_ACCOUNT] }),
    AccessRule.allow([GET], ...core('pods', 'nodes', 'namespaces')),
    // Service-based policy rules, and the Service IPs BIRD advertises.
    AccessRule.allow([WATCH, LIST], ...group('discovery.k8s.io', 'endpointslices')),
    AccessRule.allow([WATCH, LIST, GET], ...core('endpoints', 'services')),
    // The pod CIDR of a kubeadm cluster, read from the kubeadm-config ConfigMap.
    AccessRule.allow([GET], ...core('configmaps')),
    // Clears the node's NetworkUnavailable condition; keeps Calico's node annotations.
    AccessRule.allow([PATCH, UPDATE], ...core('nodes/status')),
    AccessRule.allow([WATCH, LIST], ...group('networking.k8s.io', 'networkpolicies')),
    AccessRule.allow([WATCH, LIST], ...group('policy.networking.k8s.io', 'clusternetworkpolicies')),
    AccessRule.allow([LIST, WATCH], ...core('pods', 'namespaces', 'serviceaccounts')),
    AccessRule.allow([PATCH], ...core('pods/status')),
    AccessRule.allow([GET, LIST, WATCH], ...calico(
      'globalfelixconfigs', 'globalbgpconfigs', 'felixconfigurations', 'bgppeers', 'bgpfilters', 'bgpconfigurations', 'ippools',
      'ipreservations', 'ipamblocks', 'globalnetworkpolicies', 'stagedglobalnetworkpolicies', 'networkpolicies', 'stagednetworkpolicies',
      'stagedkubernetesnetworkpolicies', 'globalnetworksets', 'networksets', 'clusterinformations', 'hostendpoints', 'blockaffinities',
      'caliconodestatuses', 'tiers')),
    AccessRule.allow([CREATE], ...calico('tiers')),
    // The default pool, Felix and BGP configuration and the cluster information created on startup.
    AccessRule.allow([CREATE, UPDATE], ...calico('ippools', 'felixconfigurations', 'bgpconfigurations', 'clusterinformations')),
    AccessRule.allow([UPDATE], ...calico('caliconodestatuses')),
    AccessRule.allow([GET, LIST, WATCH], ...core('nodes')),
    // Upgrades from Calico 2.6 only, kept as upstream keeps them.
    AccessRule.allow([CREATE, UPDATE], ...calico('bgpconfigurations', 'bgppeers')),
    // IPAM: the blocks of pod addresses each node takes.
    AccessRule.allow([GET, LIST, CREATE, UPDATE, DELETE], ...calico('blockaffinities', 'ipamblocks', 'ipamhandles')),
    AccessRule.allow([GET, CREATE], ...calico('ipamconfigurations', 'ipamconfigs')),
    AccessRule.allow([WATCH], ...calico('blockaffinities')),
    // The migration from host-local IPAM (the upgrade-ipam init container).
    AccessRule.allow([GET], ...group('apps', 'daemonsets')),
    AccessRule.allow([GET, LIST, WATCH], ...group('kubevirt.io', 'virtualmachineinstancemigrations')),
  ];
}

/** The CNI plugin, which the container runtime runs with the kubeconfig install-cni writes. */
export function cniPluginRules(): AccessRule[] {
  return [
    AccessRule.allow([GET], ...core('pods', 'nodes', 'namespaces')),
    AccessRule.allow([PATCH], ...core('pods/status')),
    AccessRule.allow([GET, LIST, CREATE, UPDATE, DELETE], ...calico(
      'blockaffinities', 'ipamblocks', 'ipamhandles', 'clusterinformations', 'ippools', 'ipreservations', 'ipamconfigurations', 'ipamconfigs')),
    AccessRule.allow([GET], ...group('kubevirt.io', 'virtualmachineinstances', 'virtualmachines')),
  ];
}

/**
 * calico-kube-controllers. The two wildcards are upstream's, for the datastore migration
 * controller (it reads every crd.projectcalico.org kind and writes every projectcalico.org one).
 */
export function kubeControllersRules(): AccessRule[] {
  return [
    AccessRule.read(...core('nodes', 'pods', 'namespaces')),
    AccessRule.allow([GET, LIST, UPDATE, WATCH], ...core('services', 'services/status')),
    AccessRule.allow([LIST], ...calico('ipreservations')),
    AccessRule.allow([GET, LIST, CREATE, UPDATE, DELETE, WATCH], ...calico('blockaffinities', 'ipamblocks', 'ipamhandles', 'ipamconfigurations', 'ipamconfigs', 'tiers')),
    AccessRule.allow([LIST, WATCH], ...calico('ippools')),
    AccessRule.allow([GET, LIST, CREATE, UPDATE, DELETE, WATCH], ...calico('hostendpoints')),
    AccessRule.allow([GET, LIST, CREATE, UPDATE, WATCH], ...calico('clusterinformations', 'kubecontrollersconfigurations')),
    AccessRule.allow([GET, UPDATE], ...calico('kubecontrollersconfigurations/status')),
    AccessRule.allow([WATCH, LIST, GET, CREATE, UPDATE, DELETE], ...calico('networkpolicies', 'stagednetworkpolicies', 'globalnetworkpolicies', 'stagedglobalnetworkpolicies')),
    AccessRule.read(...group('apps', 'daemonsets', 'deployments')),
    AccessRule.allow([GET, LIST, WATCH, CREATE, UPDATE, PATCH], ...group('migration.projectcalico.org', 'datastoremigrations', 'datastoremigrations/status')),
    AccessRule.allow([GET, LIST, WATCH, DELETE], ...group('apiextensions.k8s.io', 'customresourcedefinitions')),
    AccessRule.allow([GET, LIST, WATCH, CREATE, DELETE], ...group('apiregistration.k8s.io', 'apiservices')),
    AccessRule.of({ verbs: [GET, LIST, WATCH, CREATE, UPDATE, PATCH, DELETE], resources: group('projectcalico.org', '*'), allowWildcards: true }),
    AccessRule.of({ verbs: [GET, LIST, WATCH], resources: group('crd.projectcalico.org', '*'), allowWildcards: true }),
    AccessRule.read(...group('kubevirt.io', 'virtualmachines', 'virtualmachineinstances')),
  ];
}

/** kube-controller-manager's garbage collector reads Calico's tiers (templates/tier-getter.yaml). */
export function tierGetterRules(): AccessRule[] {
  return [AccessRule.allow([GET], ...group('projectcalico.org', 'tiers'))];
}
