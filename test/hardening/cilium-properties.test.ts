/**
 * Cilium in the property tests: random valid options (every CiliumOptions field, both routing
 * modes and both IPAM modes, with the agent's namespace, instance and image mirror) synthesize
 * objects the API server accepts, with cilium-config saying what was asked and every privilege
 * justified; random invalid values of each option are refused while building, naming the option.
 */
import * as fc from 'fast-check';
import { dnsLabel, portNumber, ipv4Network as cidr } from './arbitraries';
import {
  CiliumIpam, CiliumOptions, CiliumRouting, CiliumTunnelProtocol, CiliumVersion, CniAgentDaemonSet, CniImplementation,
  PrivilegeAudit, ValidationError,
} from '../../src';
import { newChart, only, synth } from '../support/manifests';
import { propertyRuns } from '../support/property-runs';

const routing = fc.oneof(
  fc.constantFrom(...Object.values(CiliumTunnelProtocol)).map(p => CiliumRouting.tunnel(p)),
  fc.record({ ipv4NativeRoutingCidr: cidr, autoDirectNodeRoutes: fc.boolean() }, { requiredKeys: ['ipv4NativeRoutingCidr'] }).map(o => CiliumRouting.native(o)),
);
const ipam = fc.oneof(
  fc.constant(CiliumIpam.kubernetes()),
  fc.array(cidr, { minLength: 1, maxLength: 2 }).chain(cidrs => fc.record({
    ipv4PodCidrs: fc.constant(cidrs),
    ipv4MaskSize: fc.integer({ min: Math.max(...cidrs.map(c => Number(c.split('/')[1]))), max: 28 }),
  }, { requiredKeys: [] })).map(o => CiliumIpam.clusterPool(o)),
);
const apiServer = fc.record({ k8sServiceHost: fc.oneof(dnsLabel.map(l => `${l}.example.internal`), fc.constant('10.0.0.10')), k8sServicePort: portNumber });

/** Valid options: kube-proxy replacement only with the API server's address. */
const ciliumOptions: fc.Arbitrary<CiliumOptions> = fc.tuple(
  fc.record({
    version: fc.nat(30).map(p => CiliumVersion.of(`1.20.${p}`)),
    routing,
    ipam,
    mtu: fc.integer({ min: 1280, max: 9000 }),
    hubble: fc.boolean(),
    operatorReplicas: fc.integer({ min: 1, max: 5 }),
  }, { requiredKeys: [] }),
  fc.option(apiServer, { nil: undefined }),
  fc.boolean(),
).map(([own, server, kpr]) => ({ ...own, ...server, ...(server && kpr ? { kubeProxyReplacement: true } : {}) }));

const agentProps = fc.record({
  namespace: fc.constantFrom('kube-system', 'cilium', 'network'),
  imageRegistry: fc.constantFrom('mirror.example.com/quay', 'registry.example.com:5000'),
}, { requiredKeys: [] });

describe('Cilium, random valid configurations', () => {
  test('synthesize valid objects, cilium-config says what was asked, every privilege is justified', () => {
    fc.assert(fc.property(ciliumOptions, agentProps, (options, props) => {
      const chart = newChart();
      new CniAgentDaemonSet(chart, 'cilium', { ...props, implementation: CniImplementation.cilium(options) });
      const objs = synth(chart);
      const data = only(objs, 'ConfigMap', 'cilium-config').data;
      expect(only(objs, 'ConfigMap', 'cilium-config').metadata.namespace).toBe(props.namespace ?? 'kube-system');
      expect(data['routing-mode']).toBe(options.routing?.mode ?? 'tunnel');
      expect(data.ipam).toBe(options.ipam?.mode ?? 'cluster-pool');
      expect(data.mtu).toBe(options.mtu === undefined ? undefined : String(options.mtu));
      expect(data['enable-hubble']).toBe(String(options.hubble ?? true));
      expect(data['kube-proxy-replacement']).toBe(String(options.kubeProxyReplacement ?? false));
      expect(only(objs, 'Deployment').spec.replicas).toBe(options.operatorReplicas ?? 2);
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    }), { numRuns: propertyRuns(25) });
  });
});

describe('Cilium, random invalid values', () => {
  const refused = (options: CiliumOptions, property: string) => {
    const chart = newChart();
    let error: unknown;
    try {
      new CniAgentDaemonSet(chart, 'cilium', { implementation: CniImplementation.cilium(options) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(`implementation.${property}`);
  };

  test.each<[string, fc.Arbitrary<CiliumOptions>]>([
    ['mtu', fc.oneof(fc.integer({ max: 1279 }), fc.integer({ min: 65536 }), fc.double({ min: 1280, max: 9000, noInteger: true, noNaN: true })).map(mtu => ({ mtu }))],
    ['operatorReplicas', fc.oneof(fc.integer({ max: 0 }), fc.double({ min: 1, max: 5, noInteger: true, noNaN: true })).map(operatorReplicas => ({ operatorReplicas }))],
    ['k8sServicePort', fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 })).map(k8sServicePort => ({ k8sServiceHost: '10.0.0.10', k8sServicePort }))],
    ['k8sServiceHost', fc.constantFrom('https://api', 'api:6443', 'API.example', 'a b').map(k8sServiceHost => ({ k8sServiceHost, k8sServicePort: 6443 }))],
    ['ipam.ipv4MaskSize', fc.integer({ min: 33, max: 64 }).map(ipv4MaskSize => ({ ipam: CiliumIpam.clusterPool({ ipv4MaskSize }) }))],
    ['routing.ipv4NativeRoutingCidr', fc.constantFrom('10.0.0.1/8', '10.0.0.0', '300.0.0.0/8', '10.0.0.0/33').map(c => ({ routing: CiliumRouting.native({ ipv4NativeRoutingCidr: c }) }))],
  ])('%s', (property, invalid) => {
    fc.assert(fc.property(invalid, options => refused(options, property)), { numRuns: propertyRuns(15) });
  });
});
