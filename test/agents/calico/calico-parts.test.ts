/**
 * Calico's building blocks against manifests/calico.yaml and calico-vxlan.yaml at v3.32.1: the
 * version's images, the settings calico-node runs with, the calico-config data with its CNI
 * configuration template, and every ClusterRole, grant for grant.
 */
import { grants, upstreamObject } from './upstream';
import { CalicoEncapsulation, CalicoIpAutodetection, CalicoVersion } from '../../../src/agents/cni-agent/calico';
import { calicoCniConfig } from '../../../src/agents/cni-agent/calico/cni-network-config';
import { CalicoBackend } from '../../../src/agents/cni-agent/calico/network';
import { calicoNodeRules, cniPluginRules, kubeControllersRules, tierGetterRules } from '../../../src/agents/cni-agent/calico/rbac';
import { calicoSettings } from '../../../src/agents/cni-agent/calico/settings';
import { renderRules } from '../../../src/base/access';

const CALICO = 'calico-v3.32.1.yaml';
const VXLAN = 'calico-vxlan-v3.32.1.yaml';

const upstreamNode = (file: typeof CALICO | typeof VXLAN) => upstreamObject(file, 'DaemonSet', 'calico-node').spec.template.spec;
const upstreamConfig = (file: typeof CALICO | typeof VXLAN) => upstreamObject(file, 'ConfigMap', 'calico-config').data;

/** calico-node's env as upstream sets it: a value, the calico-config value it reads, or the node's name. */
function upstreamEnv(file: typeof CALICO | typeof VXLAN): Record<string, string> {
  const container = upstreamNode(file).containers.find((c: any) => c.name === 'calico-node');
  const config = upstreamConfig(file);
  const source = (e: any) => e.value ?? config[e.valueFrom?.configMapKeyRef?.key] ?? e.valueFrom?.fieldRef?.fieldPath;
  return Object.fromEntries(container.env.map((e: any) => [e.name, source(e)]));
}

function ourEnv(options: Parameters<typeof calicoSettings>[0]): Record<string, string> {
  return Object.fromEntries(calicoSettings(options).env.map(e => [e.name, e.value ?? 'spec.nodeName']));
}

describe('CalicoVersion', () => {
  test('pins the three images of a release, as upstream pulls them', () => {
    const v = CalicoVersion.V3_32_1;
    const images = new Set([...upstreamNode(CALICO).initContainers, ...upstreamNode(CALICO).containers].map((c: any) => c.image));
    expect([v.image, v.cniImage].sort()).toEqual([...images].sort());
    expect(v.kubeControllersImage).toBe(upstreamObject(CALICO, 'Deployment', 'calico-kube-controllers').spec.template.spec.containers[0].image);
    expect([v.version, v.tag]).toEqual(['3.32.1', 'v3.32.1']);
    expect(CalicoVersion.of('3.33.0').cniImage).toBe('quay.io/calico/cni:v3.33.0');
  });

  test('rejects a tag with its "v", naming the fix', () => {
    expect(() => CalicoVersion.of('v3.32.1')).toThrow(/CalicoVersion\.of: invalid version: "v3\.32\.1"\. .*without a "v", e\.g\. CalicoVersion\.of\('3\.32\.1'\)/s);
  });
});

describe('calico-node settings', () => {
  test('by default, the environment of manifests/calico.yaml (IP-in-IP with BGP), variable for variable', () => {
    expect(ourEnv({})).toEqual(upstreamEnv(CALICO));
  });

  test('VXLAN across subnets without BGP: the environment of manifests/calico-vxlan.yaml', () => {
    expect(ourEnv({ encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET, bgp: false })).toEqual(upstreamEnv(VXLAN));
  });

  test('probes BIRD only with BGP, as the two manifests do', () => {
    const command = (file: typeof CALICO | typeof VXLAN, probe: string) => upstreamNode(file).containers[0][probe].exec.command;
    const bgp = calicoSettings({});
    const vxlan = calicoSettings({ encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET, bgp: false });
    expect([bgp.livenessCommand, bgp.readinessCommand]).toEqual([command(CALICO, 'livenessProbe'), command(CALICO, 'readinessProbe')]);
    expect([vxlan.livenessCommand, vxlan.readinessCommand]).toEqual([command(VXLAN, 'livenessProbe'), command(VXLAN, 'readinessProbe')]);
  });

  test.each([
    [CalicoEncapsulation.IPIP, true, 'Always', 'Never', CalicoBackend.BIRD],
    [CalicoEncapsulation.IPIP_CROSS_SUBNET, true, 'CrossSubnet', 'Never', CalicoBackend.BIRD],
    [CalicoEncapsulation.VXLAN, true, 'Never', 'Always', CalicoBackend.BIRD],
    [CalicoEncapsulation.VXLAN, false, 'Never', 'Always', CalicoBackend.VXLAN],
    [CalicoEncapsulation.VXLAN_CROSS_SUBNET, true, 'Never', 'CrossSubnet', CalicoBackend.BIRD],
    [CalicoEncapsulation.NONE, true, 'Never', 'Never', CalicoBackend.BIRD],
    [CalicoEncapsulation.NONE, false, 'Never', 'Never', CalicoBackend.NONE],
  ])('%s with bgp %s: IPIP %s, VXLAN %s, backend %s', (encapsulation, bgp, ipip, vxlan, backend) => {
    const s = calicoSettings({ encapsulation, bgp });
    const env = ourEnv({ encapsulation, bgp });
    expect([env.CALICO_IPV4POOL_IPIP, env.CALICO_IPV4POOL_VXLAN, s.backend, env.CALICO_NETWORKING_BACKEND]).toEqual([ipip, vxlan, backend, backend]);
    expect(s.problems('implementation')).toEqual([]);
  });

  test('the pool, block size, MTU and address detection reach calico-node', () => {
    const s = calicoSettings({ podCidr: '10.42.0.0/16', blockSize: 24, mtu: 1450, ipAutodetection: CalicoIpAutodetection.kubernetesInternalIp() });
    const env = Object.fromEntries(s.env.map(e => [e.name, e.value]));
    expect(env).toMatchObject({
      CALICO_IPV4POOL_CIDR: '10.42.0.0/16',
      CALICO_IPV4POOL_BLOCK_SIZE: '24',
      IP_AUTODETECTION_METHOD: 'kubernetes-internal-ip',
      FELIX_IPINIPMTU: '1450',
      FELIX_VXLANMTU: '1450',
      FELIX_WIREGUARDMTU: '1450',
    });
    expect(JSON.parse(calicoCniConfig(s.mtu).render()).plugins[0].mtu).toBe(1450);
    expect(s.problems('implementation')).toEqual([]);
  });

  test.each([
    [CalicoIpAutodetection.firstFound(), 'first-found'],
    [CalicoIpAutodetection.canReach('8.8.8.8'), 'can-reach=8.8.8.8'],
    [CalicoIpAutodetection.interfaces(['eth0', 'ens.*']), 'interface=eth0,ens.*'],
    [CalicoIpAutodetection.skipInterfaces(['cni.*']), 'skip-interface=cni.*'],
    [CalicoIpAutodetection.cidrs(['10.0.0.0/16', '192.168.0.0/24']), 'cidr=10.0.0.0/16,192.168.0.0/24'],
  ])('address detection %#', (method, value) => {
    expect(method.method).toBe(value);
  });

  test('rejects every problem of the options at once, naming property, value and fix', () => {
    const s = calicoSettings({
      encapsulation: CalicoEncapsulation.IPIP,
      bgp: false,
      podCidr: '10.42.1.0/16',
      blockSize: 19,
      mtu: 100,
      ipAutodetection: CalicoIpAutodetection.interfaces(['eth(', 'a,b']),
    });
    expect(s.problems('implementation')).toEqual([
      { property: 'implementation.encapsulation', value: 'IPIP', expected: expect.stringContaining('keep bgp: true, or use CalicoEncapsulation.VXLAN') },
      { property: 'implementation.podCidr', value: '10.42.1.0/16', expected: expect.stringContaining('"10.42.0.0/16"') },
      { property: 'implementation.blockSize', value: 19, expected: expect.stringContaining('from 20 to 32') },
      { property: 'implementation.mtu', value: 100, expected: expect.stringContaining('from 576 to 65535') },
      { property: 'implementation.ipAutodetection.patterns[0]', value: 'eth(', expected: expect.stringContaining('valid regular expression') },
      { property: 'implementation.ipAutodetection.patterns[1]', value: 'a,b', expected: expect.stringContaining('without ","') },
    ]);
  });

  test('rejects a pool smaller than one block, and empty or malformed detection lists', () => {
    expect(calicoSettings({ podCidr: '10.42.0.0/28' }).problems('i')).toEqual([
      { property: 'i.blockSize', value: 26, expected: expect.stringContaining('smaller than one /26 block') },
    ]);
    expect(CalicoIpAutodetection.cidrs([])._problems('m')).toEqual([{ property: 'm.cidrs', value: [], expected: expect.stringContaining('at least one network') }]);
    expect(CalicoIpAutodetection.cidrs(['10.0.0.0/33'])._problems('m')[0].property).toBe('m.cidrs[0]');
    expect(CalicoIpAutodetection.canReach('http://x/')._problems('m')[0].property).toBe('m.destination');
    expect(CalicoIpAutodetection.skipInterfaces([])._problems('m')[0].expected).toContain('at least one interface');
  });
});

describe('the CNI configuration list', () => {
  test('is upstream\'s template, with the MTU calico-config gives install-cni written in', () => {
    const template: string = upstreamConfig(CALICO).cni_network_config;
    const ours = JSON.parse(calicoCniConfig(0).render());
    expect(ours).toEqual(JSON.parse(template.split('__CNI_MTU__').join(upstreamConfig(CALICO).veth_mtu)));
    expect(upstreamConfig(VXLAN).cni_network_config).toBe(template);
  });

  test('leaves the node\'s name and the kubeconfig for Calico\'s install-cni to fill in', () => {
    expect(calicoCniConfig(0).placeholders.map(p => p.placeholder).sort()).toEqual(['__KUBECONFIG_FILEPATH__', '__KUBERNETES_NODE_NAME__']);
    expect(calicoCniConfig(0)._problems('cniConfig')).toEqual([]);
  });
});

describe('Calico RBAC', () => {
  test.each([
    ['calico-node', calicoNodeRules],
    ['calico-cni-plugin', cniPluginRules],
    ['calico-kube-controllers', kubeControllersRules],
    ['calico-tier-getter', tierGetterRules],
  ])('%s grants exactly what upstream\'s ClusterRole grants', (name, rules) => {
    expect(grants(renderRules(rules()))).toEqual(grants(upstreamObject(CALICO, 'ClusterRole', name).rules));
  });
});
