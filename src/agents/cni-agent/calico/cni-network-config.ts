/**
 * Calico's CNI configuration list, as manifests/calico.yaml at v3.32.1 has install-cni write it
 * (the `cni_network_config` template of charts/calico's calico-config.yaml).
 */
import { CniConfig } from '../cni-config';
import { CniConfigValue } from '../config-value';

/** Where the plugin writes its log on the node (the conflist's log_file_path). */
export const CNI_LOG_DIRECTORY = '/var/log/calico/cni';

/** The file name install-cni gives the configuration list in /etc/cni/net.d (CNI_CONF_NAME). */
export const CNI_CONF_NAME = '10-calico.conflist';

/**
 * The configuration list: the calico plugin (IPAM by calico-ipam, Kubernetes NetworkPolicy)
 * chained with portmap for `hostPort`s. The node's name and the plugin's kubeconfig are
 * placeholders Calico's install-cni fills on each node (cni-plugin/pkg/install/install.go);
 * they are the tokens CniConfigValue writes. The MTU is the same on every node, so it is
 * written here rather than filled in: 0 has the plugin read the MTU calico-node detected.
 */
export function calicoCniConfig(mtu: number): CniConfig {
  return CniConfig.fromObject({
    name: 'k8s-pod-network',
    cniVersion: '0.3.1',
    plugins: [
      {
        type: 'calico',
        log_level: 'info',
        log_file_path: `${CNI_LOG_DIRECTORY}/cni.log`,
        datastore_type: 'kubernetes',
        nodename: CniConfigValue.nodeName(),
        mtu,
        ipam: { type: 'calico-ipam' },
        policy: { type: 'k8s' },
        kubernetes: { kubeconfig: CniConfigValue.kubeconfigPath() },
      },
      { type: 'portmap', snat: true, capabilities: { portMappings: true } },
    ],
  });
}
