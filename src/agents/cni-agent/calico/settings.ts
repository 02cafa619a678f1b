/**
 * CalicoOptions resolved: every default filled in, and what calico-node is then run with (its
 * environment and probes), or the problems that stop it.
 */
import { CalicoCrds } from './crds';
import { ipPoolProblems } from './ip-pool';
import { backendOf, CalicoBackend, CalicoDatastore, networkProblems, poolModes } from './network';
import { CALICO_DEFAULTS, CalicoOptions } from './options';
import { CalicoVersion } from './version';
import { Problem } from '../../../base/errors';

/** One environment variable of calico-node: a fixed value, or the node's name from the downward API. */
export interface CalicoEnvVar {
  readonly name: string;
  /** The value, or undefined for the node's name (spec.nodeName). */
  readonly value?: string;
}

/** What calico-node runs with. */
export interface CalicoSettings {
  readonly version: CalicoVersion;
  readonly backend: CalicoBackend;
  readonly mtu: number;
  readonly crds: CalicoCrds;
  readonly kubeControllers: boolean;
  /** calico-node's environment, in upstream's order, with the options' additions where Calico documents them. */
  readonly env: CalicoEnvVar[];
  /** The liveness and readiness commands (exec probes): Felix's, and BIRD's with BGP. */
  readonly livenessCommand: string[];
  readonly readinessCommand: string[];
  readonly problems: (property: string) => Problem[];
}

/** The settings of `options`; their problems are reported where the options are used. */
export function calicoSettings(options: CalicoOptions): CalicoSettings {
  const d = CALICO_DEFAULTS;
  const encapsulation = options.encapsulation ?? d.encapsulation;
  const bgp = options.bgp ?? d.bgp;
  const mtu = options.mtu ?? d.mtu;
  const blockSize = options.blockSize ?? d.blockSize;
  const datastore = options.datastore ?? d.datastore;
  const autodetection = options.ipAutodetection ?? d.ipAutodetection;
  const version = options.version ?? d.version;
  const crds = options.crds ?? CalicoCrds.bundled();
  const backend = backendOf(encapsulation, bgp);
  const modes = poolModes(encapsulation) ?? poolModes(d.encapsulation);
  const env = (name: string, value?: string): CalicoEnvVar => ({ name, value });
  return {
    version,
    backend,
    mtu,
    crds,
    kubeControllers: options.kubeControllers ?? d.kubeControllers,
    env: [
      env('DATASTORE_TYPE', datastore),
      env('WAIT_FOR_DATASTORE', 'true'),
      env('NODENAME'),
      env('CALICO_NETWORKING_BACKEND', backend),
      // A label for Calico's usage reporting; both upstream manifests say "k8s,bgp", BGP or not.
      env('CLUSTER_TYPE', 'k8s,bgp'),
      env('IP', 'autodetect'),
      ...(options.ipAutodetection !== undefined ? [env('IP_AUTODETECTION_METHOD', autodetection.method)] : []),
      env('CALICO_IPV4POOL_IPIP', modes.ipip),
      env('CALICO_IPV4POOL_VXLAN', modes.vxlan),
      // IPv6 is off (FELIX_IPV6SUPPORT); calico-vxlan.yaml still gives the IPv6 pool the IPv4 pool's VXLAN mode.
      env('CALICO_IPV6POOL_VXLAN', modes.vxlan),
      // The tunnels' MTU: "0" has calico-node detect it.
      env('FELIX_IPINIPMTU', String(mtu)),
      env('FELIX_VXLANMTU', String(mtu)),
      env('FELIX_WIREGUARDMTU', String(mtu)),
      ...(options.podCidr !== undefined ? [env('CALICO_IPV4POOL_CIDR', options.podCidr)] : []),
      ...(options.blockSize !== undefined ? [env('CALICO_IPV4POOL_BLOCK_SIZE', String(blockSize))] : []),
      // Logs go to stdout only, so `kubectl logs` shows them.
      env('CALICO_DISABLE_FILE_LOGGING', 'true'),
      // Pods may reach their own node (node-local DNS, host-network services); Felix's default drops it.
      env('FELIX_DEFAULTENDPOINTTOHOSTACTION', 'ACCEPT'),
      env('FELIX_IPV6SUPPORT', 'false'),
      // Felix's health endpoint, which the probes' commands query.
      env('FELIX_HEALTHENABLED', 'true'),
    ],
    livenessCommand: ['/bin/calico-node', '-felix-live', ...(bgp ? ['-bird-live'] : [])],
    readinessCommand: ['/bin/calico-node', '-felix-ready', ...(bgp ? ['-bird-ready'] : [])],
    problems: property => [
      ...networkProblems(property, encapsulation, bgp),
      ...ipPoolProblems(property, options.podCidr, blockSize),
      ...mtuProblems(`${property}.mtu`, mtu),
      ...autodetection._problems(`${property}.ipAutodetection`),
      ...(Object.values(CalicoDatastore).includes(datastore) ? [] : [{ property: `${property}.datastore`, value: datastore, expected: 'Use CalicoDatastore.KUBERNETES.' }]),
      ...crds._releaseProblems(`${property}.crds`, version),
      // Read here, so a bad file is reported with the other options, naming the option.
      ...crds._load(`${property}.crds`).problems,
    ],
  };
}

/** 0 (detect), or an MTU a Linux interface carrying IPv4 can have. */
function mtuProblems(property: string, mtu: number): Problem[] {
  if (mtu === 0 || (Number.isInteger(mtu) && mtu >= 576 && mtu <= 65535)) return [];
  return [{ property, value: mtu, expected: 'Use a whole number of bytes from 576 to 65535 (e.g. 1450 for VXLAN on a 1500-byte network), or leave it out to have calico-node detect it.' }];
}
