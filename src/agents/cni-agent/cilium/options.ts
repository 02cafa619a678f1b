import { CiliumIpam } from './ipam';
import { CiliumRouting } from './routing';
import { CiliumVersion } from './version';
import { Problem } from '../../../base/errors';
import { instanceOf, isBoolean, isString, optional, Schema } from '../../../validation/guards';
import { count, port } from '../../agent-guards';

// A host name (DNS-1123 subdomain) or an IPv4 address: what KUBERNETES_SERVICE_HOST is dialled as.
const HOST = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Bracketless IPv6, as client-go joins host and port itself.
const IPV6 = /^[0-9A-Fa-f:]+(%[A-Za-z0-9]+)?$/;

/**
 * Options for Cilium. Each default is the Cilium 1.20.0 chart's, so an empty `{}` installs what
 * `helm install cilium cilium/cilium` installs but for the intended differences the README lists
 * (Envoy embedded in the agent, no generated Hubble certificates).
 */
export interface CiliumOptions {
  /**
   * The Cilium release (agent and operator images).
   * @default CiliumVersion.V1_20_0
   */
  readonly version?: CiliumVersion;
  /**
   * How pod traffic crosses between nodes.
   * @default CiliumRouting.tunnel(CiliumTunnelProtocol.VXLAN)
   */
  readonly routing?: CiliumRouting;
  /**
   * Where pod addresses come from.
   * @default CiliumIpam.clusterPool() (10.0.0.0/8, a /24 per node)
   */
  readonly ipam?: CiliumIpam;
  /**
   * Cilium replaces kube-proxy: Services are load-balanced in eBPF. Remove kube-proxy (and its
   * iptables rules) from the cluster yourself. It needs `k8sServiceHost` and `k8sServicePort`:
   * without kube-proxy the `kubernetes` Service's address leads nowhere until the agent runs.
   * @default false
   */
  readonly kubeProxyReplacement?: boolean;
  /**
   * The API server's host as the nodes reach it directly (the control plane's address or load
   * balancer, not the `kubernetes` Service), set as KUBERNETES_SERVICE_HOST in the agent, its
   * config and clean-cilium-state init containers and the operator.
   * @default - the in-cluster `kubernetes` Service (needs kube-proxy)
   */
  readonly k8sServiceHost?: string;
  /**
   * The API server's port at `k8sServiceHost` (KUBERNETES_SERVICE_PORT).
   * @default - the in-cluster `kubernetes` Service's
   */
  readonly k8sServicePort?: number;
  /**
   * The pods' MTU (`mtu`). Cilium subtracts the tunnel's overhead itself.
   * @default - detected from the node's network device
   */
  readonly mtu?: number;
  /**
   * Hubble, the flow observer in the agent: its socket on the node and its peer service on 4244
   * (`hubble-peer`). The TLS certificate of the 4244 listener is the Secret `hubble-server-certs`,
   * which you create (e.g. with cert-manager): the agent mounts it optionally and serves the
   * listener once it exists.
   * @default true
   */
  readonly hubble?: boolean;
  /**
   * Operator replicas. Each needs its own node (required anti-affinity, as the chart sets it):
   * on a single-node cluster use 1, or the second stays Pending.
   * @default 2
   */
  readonly operatorReplicas?: number;
}

/** The runtime shape of CiliumOptions. */
export const CILIUM_OPTIONS_SCHEMA: Schema<CiliumOptions> = {
  version: optional(instanceOf(CiliumVersion, 'CiliumVersion.V1_20_0')),
  routing: optional(instanceOf(CiliumRouting, 'CiliumRouting.tunnel()')),
  ipam: optional(instanceOf(CiliumIpam, 'CiliumIpam.clusterPool()')),
  kubeProxyReplacement: optional(isBoolean),
  k8sServiceHost: optional(isString),
  k8sServicePort: optional(port(6443)),
  mtu: optional(count('a whole number of bytes, e.g. 1450')),
  hubble: optional(isBoolean),
  operatorReplicas: optional(count('a whole number of replicas, e.g. 2')),
};

/** CiliumOptions with every default applied. */
export interface ResolvedCilium {
  readonly version: CiliumVersion;
  readonly routing: CiliumRouting;
  readonly ipam: CiliumIpam;
  readonly kubeProxyReplacement: boolean;
  /** Host and port, both or neither. */
  readonly apiServer?: { readonly host: string; readonly port: number };
  readonly mtu?: number;
  readonly hubble: boolean;
  readonly operatorReplicas: number;
}

/** Applies the chart's defaults. */
export function resolveCilium(options: CiliumOptions): ResolvedCilium {
  const { k8sServiceHost: host, k8sServicePort: port_ } = options;
  return {
    version: options.version ?? CiliumVersion.V1_20_0,
    routing: options.routing ?? CiliumRouting.tunnel(),
    ipam: options.ipam ?? CiliumIpam.clusterPool(),
    kubeProxyReplacement: options.kubeProxyReplacement ?? false,
    apiServer: host !== undefined && port_ !== undefined ? { host, port: port_ } : undefined,
    mtu: options.mtu,
    hubble: options.hubble ?? true,
    operatorReplicas: options.operatorReplicas ?? 2,
  };
}

/** What the chart's schema, the agent or the operator would refuse, every problem at once. */
export function ciliumOptionsProblems(property: string, options: CiliumOptions): Problem[] {
  const at = (name: string) => `${property}.${name}`;
  const r = resolveCilium(options);
  const problems: Problem[] = [...r.routing._problems(at('routing')), ...r.ipam._problems(at('ipam'))];
  const { k8sServiceHost: host, k8sServicePort: servicePort } = options;
  if ((host === undefined) !== (servicePort === undefined)) {
    const missing = host === undefined ? 'k8sServiceHost' : 'k8sServicePort';
    problems.push({ property: at(missing), value: undefined, expected: 'Give k8sServiceHost and k8sServicePort together: the agent dials the API server at both.' });
  }
  if (r.kubeProxyReplacement && host === undefined && servicePort === undefined) {
    problems.push({
      property: at('kubeProxyReplacement'),
      value: true,
      expected: 'Give k8sServiceHost and k8sServicePort (the API server\'s address as the nodes reach it): without kube-proxy the kubernetes Service leads nowhere until the agent runs.',
    });
  }
  if (host !== undefined && !HOST.test(host) && !IPV6.test(host)) {
    problems.push({ property: at('k8sServiceHost'), value: host, expected: 'Give a host name or an IP address, without a scheme or a port, e.g. "10.0.0.10" or "api.example.internal".' });
  }
  if (servicePort !== undefined && (!Number.isInteger(servicePort) || servicePort < 1 || servicePort > 65535)) {
    problems.push({ property: at('k8sServicePort'), value: servicePort, expected: 'Give a whole port number from 1 to 65535, e.g. 6443.' });
  }
  if (r.mtu !== undefined && (!Number.isInteger(r.mtu) || r.mtu < 1280 || r.mtu > 65535)) {
    problems.push({ property: at('mtu'), value: r.mtu, expected: 'Give a whole MTU from 1280 (the least IPv6 carries) to 65535, e.g. 1450, or leave it out for Cilium to detect it.' });
  }
  if (!Number.isInteger(r.operatorReplicas) || r.operatorReplicas < 1) {
    problems.push({ property: at('operatorReplicas'), value: r.operatorReplicas, expected: 'Give a whole number of operator replicas from 1, e.g. 2 (1 on a single-node cluster).' });
  }
  return problems;
}
