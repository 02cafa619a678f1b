/**
 * Calico in the property tests: random valid options (every CalicoOptions field, every
 * encapsulation with and without BGP where Calico allows it, each address detection method,
 * bundled or no CRDs, with or without kube-controllers, with the agent's wave and image mirror)
 * synthesize objects the API server accepts, calico-node's env saying what was asked and every
 * privilege justified; random invalid values of each option are refused while building, naming it.
 */
import * as fc from 'fast-check';
import { ipv4Network as cidr } from './arbitraries';
import {
  CalicoCrds, CalicoEncapsulation, CalicoIpAutodetection, CalicoOptions, CalicoVersion, CniAgentDaemonSet, CniImplementation,
  PrivilegeAudit, SyncWave, ValidationError,
} from '../../src';
import { newChart, only, synth } from '../support/manifests';
import { propertyRuns } from '../support/property-runs';

const autodetection = fc.oneof(
  fc.constant(CalicoIpAutodetection.firstFound()),
  fc.constant(CalicoIpAutodetection.kubernetesInternalIp()),
  fc.constantFrom('8.8.8.8', 'www.example.com', '2001:db8::1').map(d => CalicoIpAutodetection.canReach(d)),
  fc.array(fc.constantFrom('eth0', 'ens.*', 'bond[0-9]+', 'enp0s3'), { minLength: 1, maxLength: 3 }).map(p => CalicoIpAutodetection.interfaces(p)),
  fc.array(fc.constantFrom('cni.*', 'docker0', 'veth.*'), { minLength: 1, maxLength: 2 }).map(p => CalicoIpAutodetection.skipInterfaces(p)),
  fc.array(cidr, { minLength: 1, maxLength: 2 }).map(c => CalicoIpAutodetection.cidrs(c)),
);

/** Valid options: IP-in-IP only with BGP; the bundled CRDs only for 3.32.1; a block no larger than the pool. */
const calicoOptions: fc.Arbitrary<CalicoOptions> = fc.record({
  patch: fc.nat(9),
  pool: fc.option(cidr, { nil: undefined }),
  blockShift: fc.nat(6),
  encapsulation: fc.option(fc.constantFrom(...Object.values(CalicoEncapsulation)), { nil: undefined }),
  bgp: fc.option(fc.boolean(), { nil: undefined }),
  mtu: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 576, max: 9216 })), { nil: undefined }),
  ipAutodetection: fc.option(autodetection, { nil: undefined }),
  crds: fc.boolean(),
  kubeControllers: fc.option(fc.boolean(), { nil: undefined }),
}).map(r => {
  const ipip = [undefined, CalicoEncapsulation.IPIP, CalicoEncapsulation.IPIP_CROSS_SUBNET].includes(r.encapsulation);
  const prefix = r.pool === undefined ? 20 : Number(r.pool.split('/')[1]);
  const bundled = r.patch === 1 && r.crds;
  return {
    version: CalicoVersion.of(`3.32.${r.patch}`),
    podCidr: r.pool,
    blockSize: Math.min(32, Math.max(20, prefix) + r.blockShift),
    encapsulation: r.encapsulation,
    bgp: ipip ? (r.bgp === false ? undefined : r.bgp) : r.bgp,
    mtu: r.mtu,
    ipAutodetection: r.ipAutodetection,
    crds: bundled ? CalicoCrds.bundled() : CalicoCrds.none(),
    kubeControllers: r.kubeControllers,
  };
});

const agentProps = fc.record({
  syncWave: fc.integer({ min: -20, max: 5 }).map(w => SyncWave.of(w)),
  imageRegistry: fc.constantFrom('mirror.example.com/quay', 'registry.example.com:5000'),
}, { requiredKeys: [] });

describe('Calico, random valid configurations', () => {
  test('synthesize valid objects, calico-node\'s env says what was asked, the waves follow the agent\'s, every privilege is justified', () => {
    fc.assert(fc.property(calicoOptions, agentProps, (options, props) => {
      const chart = newChart();
      new CniAgentDaemonSet(chart, 'calico', { ...props, implementation: CniImplementation.calico(options) });
      const objs = synth(chart);
      const ds = only(objs, 'DaemonSet');
      const env = Object.fromEntries(ds.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
      const bgp = options.bgp ?? true;
      const encapsulation = options.encapsulation ?? CalicoEncapsulation.IPIP;
      const vxlan = encapsulation === CalicoEncapsulation.VXLAN || encapsulation === CalicoEncapsulation.VXLAN_CROSS_SUBNET;
      expect(env.CALICO_NETWORKING_BACKEND).toBe(bgp ? 'bird' : vxlan ? 'vxlan' : 'none');
      expect(env.CALICO_IPV4POOL_CIDR).toBe(options.podCidr);
      expect(env.FELIX_VXLANMTU).toBe(String(options.mtu ?? 0));
      expect(env.IP_AUTODETECTION_METHOD).toBe(options.ipAutodetection?.method);
      expect(ds.spec.template.spec.containers[0].livenessProbe.exec.command.includes('-bird-live')).toBe(bgp);
      const wave = (props.syncWave ?? SyncWave.NETWORK).wave!;
      const waves = (kind: string) => [...new Set(objs.filter(o => o.kind === kind).map(o => o.metadata.annotations?.['argocd.argoproj.io/sync-wave']))];
      expect(waves('CustomResourceDefinition')).toEqual(options.crds!.isNone ? [] : [String(wave - 1)]);
      expect(waves('Deployment')).toEqual(options.kubeControllers === false ? [] : [String(wave + 1)]);
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    }), { numRuns: propertyRuns(12) });
  });
});

// Values of the right type that the agent refuses, naming implementation.<option>; NaN and other
// wrong types are the factory's to refuse (CniImplementation.calico), as the wrong-types matrix checks.
describe('Calico, random invalid values', () => {
  const refused = (options: CalicoOptions, property: string) => {
    let error: unknown;
    try {
      new CniAgentDaemonSet(newChart(), 'calico', { implementation: CniImplementation.calico(options) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(`implementation.${property}`);
  };

  test.each<[string, fc.Arbitrary<CalicoOptions>]>([
    ['mtu', fc.oneof(fc.integer({ min: 1, max: 575 }), fc.integer({ min: 65536 }), fc.integer({ max: -1 }), fc.double({ min: 576, max: 9000, noInteger: true, noNaN: true })).map(mtu => ({ mtu }))],
    ['blockSize', fc.oneof(fc.integer({ max: 19 }), fc.integer({ min: 33 }), fc.double({ min: 20, max: 32, noInteger: true, noNaN: true })).map(blockSize => ({ blockSize }))],
    ['podCidr', fc.constantFrom('10.0.0.1/8', '10.0.0.0', '300.0.0.0/8', '10.0.0.0/33', 'fd00::/48').map(podCidr => ({ podCidr }))],
    ['encapsulation', fc.constantFrom(CalicoEncapsulation.IPIP, CalicoEncapsulation.IPIP_CROSS_SUBNET).map(encapsulation => ({ encapsulation, bgp: false }))],
    ['ipAutodetection.cidrs[0]', fc.constantFrom('10.0.0.1/8', '10.0.0.0/40', 'eth0').map(c => ({ ipAutodetection: CalicoIpAutodetection.cidrs([c]) }))],
    ['crds', fc.integer({ min: 2, max: 9 }).map(p => ({ version: CalicoVersion.of(`3.32.${p}`) }))],
  ])('%s', (property, invalid) => {
    fc.assert(fc.property(invalid, options => refused(options, property)), { numRuns: propertyRuns(10) });
  });
});
