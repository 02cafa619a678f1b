/** The Cilium options' value rules, the version class and the routing and IPAM factories. */
import { CiliumIpam } from '../../../src/agents/cni-agent/cilium/ipam';
import { ciliumOptionsProblems, CiliumOptions, resolveCilium } from '../../../src/agents/cni-agent/cilium/options';
import { CiliumRouting, CiliumTunnelProtocol } from '../../../src/agents/cni-agent/cilium/routing';
import { CiliumVersion } from '../../../src/agents/cni-agent/cilium/version';

const problems = (options: CiliumOptions) => ciliumOptionsProblems('cilium', options).map(p => [p.property, p.value, p.expected]);

describe('CiliumVersion', () => {
  test('1.20.0 is pinned by the chart\'s digests', () => {
    expect(CiliumVersion.V1_20_0.image).toBe('quay.io/cilium/cilium:v1.20.0@sha256:383968cd5e8873f7976fa76aa6196045643558f4cc9518a207b9335cb24a0e93');
    expect(CiliumVersion.V1_20_0.operatorImage).toBe('quay.io/cilium/operator-generic:v1.20.0@sha256:80744a8cc7c91c2f9e6347629406844eb35d79b30a732c6d41c15b17232a74f3');
    expect([CiliumVersion.V1_20_0.version, CiliumVersion.V1_20_0.tag]).toEqual(['1.20.0', 'v1.20.0']);
  });

  test('of() takes 1.20 patch releases, by tag', () => {
    const v = CiliumVersion.of('1.20.3');
    expect([v.image, v.operatorImage, v.digest]).toEqual(['quay.io/cilium/cilium:v1.20.3', 'quay.io/cilium/operator-generic:v1.20.3', undefined]);
  });

  test.each(['1.19.4', '1.21.0', 'v1.20.0', '1.20', '1.20.01', 'latest'])('of(%j) is refused: the objects are the 1.20 chart\'s', version => {
    expect(() => CiliumVersion.of(version)).toThrow(/CiliumVersion\.of.*version.*1\.20/s);
  });
});

describe('defaults', () => {
  test('are the chart\'s', () => {
    const r = resolveCilium({});
    expect([r.version, r.routing.mode, r.routing.tunnelProtocol, r.ipam.mode, r.ipam.ipv4PodCidrs, r.ipam.ipv4MaskSize])
      .toEqual([CiliumVersion.V1_20_0, 'tunnel', 'vxlan', 'cluster-pool', ['10.0.0.0/8'], 24]);
    expect([r.kubeProxyReplacement, r.apiServer, r.mtu, r.hubble, r.operatorReplicas]).toEqual([false, undefined, undefined, true, 2]);
  });

  test('native routing keeps the tunnel protocol key, as the chart does', () => {
    const routing = CiliumRouting.native({ ipv4NativeRoutingCidr: '10.0.0.0/8' });
    expect(routing._config()).toEqual({ 'routing-mode': 'native', 'tunnel-protocol': 'vxlan', 'auto-direct-node-routes': 'false', 'ipv4-native-routing-cidr': '10.0.0.0/8' });
  });

  test('no problems with valid options', () => {
    expect(problems({
      routing: CiliumRouting.tunnel(CiliumTunnelProtocol.GENEVE),
      ipam: CiliumIpam.clusterPool({ ipv4PodCidrs: ['10.42.0.0/16'], ipv4MaskSize: 24 }),
      kubeProxyReplacement: true,
      k8sServiceHost: 'fd00::1',
      k8sServicePort: 6443,
      mtu: 9000,
      hubble: false,
      operatorReplicas: 1,
    })).toEqual([]);
  });
});

describe('value problems, all at once, each naming property, value and fix', () => {
  test('kube-proxy replacement without the API server address', () => {
    expect(problems({ kubeProxyReplacement: true })).toEqual([
      ['cilium.kubeProxyReplacement', true, expect.stringMatching(/k8sServiceHost and k8sServicePort/)],
    ]);
  });

  test('host without port, and port without host', () => {
    expect(problems({ k8sServiceHost: '10.0.0.1' })).toEqual([['cilium.k8sServicePort', undefined, expect.stringMatching(/together/)]]);
    expect(problems({ k8sServicePort: 6443 })).toEqual([['cilium.k8sServiceHost', undefined, expect.stringMatching(/together/)]]);
  });

  test('a URL for a host, a port out of range, a tiny MTU, no operator, a bad pool, a bad native CIDR', () => {
    expect(problems({
      k8sServiceHost: 'https://api:6443',
      k8sServicePort: 70000,
      mtu: 1000,
      operatorReplicas: 0,
      ipam: CiliumIpam.clusterPool({ ipv4PodCidrs: ['10.0.0.1/8', '10.300.0.0/16', '10.64.0.0/10'], ipv4MaskSize: 8 }),
      routing: CiliumRouting.native({ ipv4NativeRoutingCidr: 'ten' }),
    })).toEqual([
      ['cilium.routing.ipv4NativeRoutingCidr', 'ten', expect.stringMatching(/CIDR form, e.g. "10.0.0.0\/8"/)],
      ['cilium.ipam.ipv4PodCidrs[0]', '10.0.0.1/8', expect.stringMatching(/"10.0.0.0\/8"/)],
      ['cilium.ipam.ipv4PodCidrs[1]', '10.300.0.0/16', expect.stringMatching(/CIDR form/)],
      ['cilium.ipam.ipv4MaskSize', 8, expect.stringMatching(/from 10 to 32/)],
      ['cilium.k8sServiceHost', 'https://api:6443', expect.stringMatching(/without a scheme or a port/)],
      ['cilium.k8sServicePort', 70000, expect.stringMatching(/1 to 65535/)],
      ['cilium.mtu', 1000, expect.stringMatching(/1280/)],
      ['cilium.operatorReplicas', 0, expect.stringMatching(/from 1/)],
    ]);
  });

  test('an empty pool', () => {
    expect(problems({ ipam: CiliumIpam.clusterPool({ ipv4PodCidrs: [] }) })).toEqual([
      ['cilium.ipam.ipv4PodCidrs', [], expect.stringMatching(/at least one.*CiliumIpam\.kubernetes/)],
    ]);
  });
});

describe('factory shape guards', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['tunnel with a string', () => CiliumRouting.tunnel('ipip' as CiliumTunnelProtocol), /CiliumRouting\.tunnel.*protocol.*CiliumTunnelProtocol/s],
    ['native without options', () => CiliumRouting.native(undefined as any), /CiliumRouting\.native.*options/s],
    ['native with a number', () => CiliumRouting.native({ ipv4NativeRoutingCidr: 10 as any }), /ipv4NativeRoutingCidr.*a string/s],
    ['native with a typo', () => CiliumRouting.native({ ipv4NativeRoutingCIDR: '10.0.0.0/8' } as any), /ipv4NativeRoutingCIDR/],
    ['clusterPool with a string', () => CiliumIpam.clusterPool({ ipv4PodCidrs: '10.0.0.0/8' as any }), /ipv4PodCidrs.*a list/s],
    ['clusterPool with null', () => CiliumIpam.clusterPool(null as any), /CiliumIpam\.clusterPool.*options/s],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
