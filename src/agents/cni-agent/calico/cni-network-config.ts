/**
 * Calico's CNI configuration list and the calico-config ConfigMap, as manifests/calico.yaml
 * at v3.32.1 writes them (templates/calico-config.yaml of charts/calico).
 */
import { CalicoBackend } from './network';

/**
 * The placeholders Calico's install-cni fills on each node (cni-plugin/pkg/install/install.go at
 * v3.32.1): the node's name, the kubeconfig it writes for the plugin, and the MTU.
 */
export const PLACEHOLDERS = {
  nodeName: '__KUBERNETES_NODE_NAME__',
  kubeconfig: '__KUBECONFIG_FILEPATH__',
  mtu: '__CNI_MTU__',
};

/** Where the plugin writes its log on the node (the conflist's log_file_path, calico.yaml v3.32.1). */
export const CNI_LOG_DIRECTORY = '/var/log/calico/cni';

/** The file name install-cni gives the configuration list in /etc/cni/net.d (CNI_CONF_NAME). */
export const CNI_CONF_NAME = '10-calico.conflist';

/**
 * The configuration list with its placeholders as JSON strings: the calico plugin (IPAM by
 * calico-ipam, Kubernetes NetworkPolicy) chained with portmap for `hostPort`s.
 */
export function calicoConflist(): { [key: string]: any } {
  return {
    name: 'k8s-pod-network',
    cniVersion: '0.3.1',
    plugins: [
      {
        type: 'calico',
        log_level: 'info',
        log_file_path: `${CNI_LOG_DIRECTORY}/cni.log`,
        datastore_type: 'kubernetes',
        nodename: PLACEHOLDERS.nodeName,
        mtu: PLACEHOLDERS.mtu,
        ipam: { type: 'calico-ipam' },
        policy: { type: 'k8s' },
        kubernetes: { kubeconfig: PLACEHOLDERS.kubeconfig },
      },
      { type: 'portmap', snat: true, capabilities: { portMappings: true } },
    ],
  };
}

/**
 * The template as Calico's install-cni reads it (`CNI_NETWORK_CONFIG`): it replaces each
 * placeholder in the text, and the MTU's by a bare number, so the MTU placeholder stands
 * unquoted, as in upstream's ConfigMap. The text is JSON only once the installer has filled it.
 */
export function renderForCalicoInstaller(conflist: { [key: string]: any }): string {
  return JSON.stringify(conflist, undefined, 2).split(`"${PLACEHOLDERS.mtu}"`).join(PLACEHOLDERS.mtu);
}

/** The keys of the calico-config ConfigMap, which calico-node's containers read their settings from. */
export const CONFIG_KEYS = {
  typha: 'typha_service_name',
  backend: 'calico_backend',
  mtu: 'veth_mtu',
  cniNetworkConfig: 'cni_network_config',
};

/**
 * The calico-config ConfigMap's data. No Typha ("none"): calico-node watches the API server
 * itself, which manifests/calico.yaml does and Calico recommends below 50 nodes; each node adds
 * watches on the API server, so large clusters install Typha with Calico's operator instead.
 */
export function calicoConfigData(backend: CalicoBackend, mtu: number): { [key: string]: string } {
  return {
    [CONFIG_KEYS.typha]: 'none',
    [CONFIG_KEYS.backend]: backend,
    // "0": calico-node detects the MTU from the node's interfaces.
    [CONFIG_KEYS.mtu]: String(mtu),
    [CONFIG_KEYS.cniNetworkConfig]: renderForCalicoInstaller(calicoConflist()),
  };
}
