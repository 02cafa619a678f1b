/**
 * CalicoOptions resolved: every default filled in, and what calico-node is then run with (its
 * environment, its probes, the calico-config data), or the problems that stop it.
 */
import { calicoConfigData, CONFIG_KEYS } from './cni-network-config';
import { ipPoolProblems } from './ip-pool';
import { CalicoBackend, backendOf, CalicoDatastore, networkProblems, poolModes } from './network';
import { CALICO_DEFAULTS, CalicoOptions } from './options';
import { CalicoVersion } from './version';
import { Problem } from '../../../base/errors';

/** One environment variable of calico-node: a fixed value, the node's name, or a calico-config key. */
export interface CalicoEnvVar {
  readonly name: string;
  /** A fixed value. */
  readonly value?: string;
  /** The calico-config key it is read from (and the value that key holds). */
  readonly configKey?: string;
  /** Set to the node's name from the downward API (spec.nodeName). */
  readonly nodeName?: boolean;
}

/** What calico-node runs with. */
export interface CalicoSettings {
  readonly version: CalicoVersion;
  readonly backend: CalicoBackend;
  readonly bgp: boolean;
  readonly configData: { [key: string]: string };
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
  const backend = backendOf(encapsulation, bgp);
  const modes = poolModes(encapsulation) ?? poolModes(d.encapsulation);
  const fixed = (name: string, value: string): CalicoEnvVar => ({ name, value });
  const fromConfig = (name: string, key: string): CalicoEnvVar => ({ name, configKey: key });
  const env: CalicoEnvVar[] = [
    fixed('DATASTORE_TYPE', datastore),
    fixed('WAIT_FOR_DATASTORE', 'true'),
    { name: 'NODENAME', nodeName: true },
    fromConfig('CALICO_NETWORKING_BACKEND', CONFIG_KEYS.backend),
    // A label for Calico's usage reporting; both upstream manifests say "k8s,bgp", BGP or not.
    fixed('CLUSTER_TYPE', 'k8s,bgp'),
    fixed('IP', 'autodetect'),
    ...(options.ipAutodetection !== undefined ? [fixed('IP_AUTODETECTION_METHOD', autodetection.method)] : []),
    fixed('CALICO_IPV4POOL_IPIP', modes.ipip),
    fixed('CALICO_IPV4POOL_VXLAN', modes.vxlan),
    // IPv6 is off (FELIX_IPV6SUPPORT); calico-vxlan.yaml still gives the IPv6 pool the IPv4 pool's VXLAN mode.
    fixed('CALICO_IPV6POOL_VXLAN', modes.vxlan),
    fromConfig('FELIX_IPINIPMTU', CONFIG_KEYS.mtu),
    fromConfig('FELIX_VXLANMTU', CONFIG_KEYS.mtu),
    fromConfig('FELIX_WIREGUARDMTU', CONFIG_KEYS.mtu),
    ...(options.podCidr !== undefined ? [fixed('CALICO_IPV4POOL_CIDR', options.podCidr)] : []),
    ...(options.blockSize !== undefined ? [fixed('CALICO_IPV4POOL_BLOCK_SIZE', String(blockSize))] : []),
    // Logs go to stdout only, so `kubectl logs` shows them.
    fixed('CALICO_DISABLE_FILE_LOGGING', 'true'),
    // Pods may reach their own node (node-local DNS, host-network services); Felix's default drops it.
    fixed('FELIX_DEFAULTENDPOINTTOHOSTACTION', 'ACCEPT'),
    fixed('FELIX_IPV6SUPPORT', 'false'),
    // Felix's health endpoint, which the probes' commands query.
    fixed('FELIX_HEALTHENABLED', 'true'),
  ];
  return {
    version: options.version ?? d.version,
    backend,
    bgp,
    configData: calicoConfigData(backend, mtu),
    env,
    livenessCommand: ['/bin/calico-node', '-felix-live', ...(bgp ? ['-bird-live'] : [])],
    readinessCommand: ['/bin/calico-node', '-felix-ready', ...(bgp ? ['-bird-ready'] : [])],
    problems: property => [
      ...networkProblems(property, encapsulation, bgp),
      ...ipPoolProblems(property, options.podCidr, blockSize),
      ...mtuProblems(`${property}.mtu`, mtu),
      ...autodetection._problems(`${property}.ipAutodetection`),
      ...(Object.values(CalicoDatastore).includes(datastore) ? [] : [{ property: `${property}.datastore`, value: datastore, expected: 'Use CalicoDatastore.KUBERNETES.' }]),
    ],
  };
}

/** 0 (detect), or an MTU a Linux interface carrying IPv4 can have. */
function mtuProblems(property: string, mtu: number): Problem[] {
  if (mtu === 0 || (Number.isInteger(mtu) && mtu >= 576 && mtu <= 65535)) return [];
  return [{ property, value: mtu, expected: 'Use a whole number of bytes from 576 to 65535 (e.g. 1450 for VXLAN on a 1500-byte network), or leave it out to have calico-node detect it.' }];
}
