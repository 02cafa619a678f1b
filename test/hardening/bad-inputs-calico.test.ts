/**
 * Bad inputs to Calico's implementation and the constructs of its install: each is refused while
 * building, with a message naming the construct, the option, the value and the fix, and nothing
 * of it reaches the YAML.
 */
import { catalog } from './catalog';
import {
  CalicoCrds, CalicoEncapsulation, CalicoIpAutodetection, CalicoKubeControllers, CalicoVersion, CniAgentDaemonSet, CniImplementation,
} from '../../src';

const calico = (chart: any, options: Parameters<typeof CniImplementation.calico>[0]) => new CniAgentDaemonSet(chart, 'cni', { implementation: CniImplementation.calico(options) });

describe('Calico', () => catalog([
  {
    name: 'rejects IP-in-IP without BGP, which leaves the nodes without routes',
    build: chart => calico(chart, { encapsulation: CalicoEncapsulation.IPIP_CROSS_SUBNET, bgp: false }),
    error: { path: 'test/cni', property: 'implementation.encapsulation', value: '"IPIPCrossSubnet"', fix: 'or use CalicoEncapsulation.VXLAN or VXLAN_CROSS_SUBNET without BGP' },
    absent: 'IPIPCrossSubnet',
  },
  {
    name: 'rejects a pool written with host bits',
    build: chart => calico(chart, { podCidr: '10.42.7.0/16' }),
    error: { path: 'test/cni', property: 'implementation.podCidr', value: '"10.42.7.0/16"', fix: 'write the network address, "10.42.0.0/16"' },
  },
  {
    name: 'rejects a block size Calico refuses',
    build: chart => calico(chart, { blockSize: 33 }),
    error: { path: 'test/cni', property: 'implementation.blockSize', value: '33', fix: 'from 20 to 32' },
    absent: 'CALICO_IPV4POOL_BLOCK_SIZE',
  },
  {
    name: 'rejects an MTU no interface has',
    build: chart => calico(chart, { mtu: 100 }),
    error: { path: 'test/cni', property: 'implementation.mtu', value: '100', fix: 'from 576 to 65535' },
    absent: '"mtu": 100',
  },
  {
    name: 'rejects an interface pattern that is no regular expression',
    build: chart => calico(chart, { ipAutodetection: CalicoIpAutodetection.interfaces(['eth[0']) }),
    error: { path: 'test/cni', property: 'implementation.ipAutodetection.patterns[0]', value: '"eth[0"', fix: 'Give a valid regular expression' },
  },
  {
    name: 'rejects the bundled CRDs for another Calico release',
    build: chart => calico(chart, { version: CalicoVersion.of('3.33.0') }),
    error: { path: 'test/cni', property: 'implementation.crds', value: '"CalicoCrds.bundled() (Calico 3.32.1)"', fix: 'CalicoCrds.fromFile(\'<manifests/calico.yaml at v3.33.0>\')' },
    absent: 'v3.33.0',
  },
  {
    name: 'rejects a CRD file given as a URL',
    build: chart => calico(chart, { crds: CalicoCrds.fromFile('https://example.com/calico-crds.yaml') }),
    error: { path: 'test/cni', property: 'implementation.crds.file', value: '"https://example.com/calico-crds.yaml"', fix: 'Give a local file' },
  },
  {
    name: 'rejects calico-node without privileges, which would program nothing',
    build: chart => new CniAgentDaemonSet(chart, 'cni', { implementation: CniImplementation.calico(), privileged: false }),
    error: { path: 'test/cni', property: 'privileged', value: 'false', fix: /The CNI runs its agent privileged, and says why: "Privileged as manifests\/calico\.yaml at v3\.32\.1 runs it.*" Leave privileged out\.$/ },
    absent: 'calico-node',
  },
  {
    name: 'rejects a kube-controllers namespace that is no DNS label',
    build: chart => new CalicoKubeControllers(chart, 'kc', { namespace: 'Calico_System' }),
    error: { path: 'test/kc', property: 'namespace', value: '"Calico_System"', fix: 'DNS' },
  },
]));
