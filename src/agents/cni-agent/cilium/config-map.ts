import { CHART_CONFIG } from './chart-config';
import { ResolvedCilium } from './options';

/**
 * The ConfigMap's name. Fixed: the agent's config init container (`cilium-dbg build-config`)
 * reads the ConfigMap of this name in its own namespace through the API.
 */
export const CILIUM_CONFIG_NAME = 'cilium-config';

/** Hubble's listener and socket, with the TLS files from the `hubble-server-certs` Secret (chart 1.20.0, hubble.enabled). */
const HUBBLE_CONFIG: Readonly<Record<string, string>> = {
  'hubble-socket-path': '/var/run/cilium/hubble.sock',
  'hubble-network-policy-correlation-enabled': 'true',
  'hubble-listen-address': ':4244',
  'hubble-disable-tls': 'false',
  'hubble-tls-cert-file': '/var/lib/cilium/tls/hubble/server.crt',
  'hubble-tls-key-file': '/var/lib/cilium/tls/hubble/server.key',
  'hubble-tls-client-ca-files': '/var/lib/cilium/tls/hubble/client-ca.crt',
};

/**
 * Envoy embedded in the agent, as the chart renders `envoy.enabled=false`: the agent starts its
 * own Envoy and serves its metrics on 9964, the port the cilium-envoy DaemonSet would have used.
 *
 * Why embedded rather than the chart's default cilium-envoy DaemonSet: the agent's capabilities
 * are the same either way (the chart adds none for the embedded proxy), while the DaemonSet is a
 * second node agent with NET_ADMIN and SYS_ADMIN, an unconfined SELinux type and a host directory
 * of sockets shared with the agent, scheduled only beside an agent pod by pod affinity, which the
 * coverage planner cannot see from a node inventory. The cost: restarting or upgrading the agent
 * restarts the L7 proxy with it, and Envoy's memory counts against the agent's pod.
 */
const EMBEDDED_ENVOY_CONFIG: Readonly<Record<string, string>> = {
  'external-envoy-proxy': 'false',
  'proxy-prometheus-port': '9964',
};

/**
 * The `cilium-config` data: the chart's keys, then the typed options' keys as the chart renders
 * each value (templates/cilium-configmap.yaml, 1.20.0). Keys are sorted so the YAML diffs well.
 */
export function ciliumConfigData(r: ResolvedCilium): Record<string, string> {
  const data: Record<string, string> = {
    ...CHART_CONFIG,
    ...r.routing._config(),
    ...r.ipam._config(),
    'kube-proxy-replacement': String(r.kubeProxyReplacement),
    // The chart adds the healthz bind address with kube-proxy replacement: empty, so it serves none.
    ...(r.kubeProxyReplacement ? { 'kube-proxy-replacement-healthz-bind-address': '' } : {}),
    ...(r.mtu === undefined ? {} : { mtu: String(r.mtu) }),
    'enable-hubble': String(r.hubble),
    ...(r.hubble ? HUBBLE_CONFIG : {}),
    ...EMBEDDED_ENVOY_CONFIG,
  };
  return Object.fromEntries(Object.keys(data).sort().map(k => [k, data[k]]));
}
