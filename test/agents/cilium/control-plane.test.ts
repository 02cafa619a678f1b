/**
 * The Cilium install's objects beside the agent (ConfigMap, operator, RBAC, Roles, hubble-peer)
 * against the Cilium 1.20.0 chart's render, field by field, each difference with its reason.
 */
import { auditDifferences, differences, flatten, Intended, upstream, UPSTREAM } from './upstream';
import { CiliumControlPlane } from '../../../src/agents/cni-agent/cilium/control-plane';
import { CiliumIpam } from '../../../src/agents/cni-agent/cilium/ipam';
import { CiliumOptions, resolveCilium } from '../../../src/agents/cni-agent/cilium/options';
import { CiliumRouting, CiliumTunnelProtocol } from '../../../src/agents/cni-agent/cilium/routing';
import { CiliumVersion } from '../../../src/agents/cni-agent/cilium/version';
import { Manifest, newChart, only, synth } from '../../support/manifests';

function install(options: CiliumOptions = {}, pullSecrets: string[] = []): Manifest[] {
  const chart = newChart();
  const cilium = resolveCilium(options);
  new CiliumControlPlane(chart, 'cilium', {
    namespace: 'kube-system',
    agentServiceAccount: 'cilium',
    agentSelector: { 'k8s-app': 'cilium' },
    operatorImage: cilium.version.operatorImage,
    imagePullSecrets: pullSecrets,
    cilium,
    labels: { 'app.kubernetes.io/part-of': 'cilium' },
  });
  return synth(chart);
}

const config = (objs: Manifest[]) => only(objs, 'ConfigMap', 'cilium-config').data as Record<string, string>;

/** The keys whose value differs from the default render's, [render, ours]. */
function configChanges(objs: Manifest[]): Record<string, [string | undefined, string | undefined]> {
  const theirs = upstream('ConfigMap', 'cilium-config').data as Record<string, string>;
  const ours = config(objs);
  const keys = [...new Set([...Object.keys(theirs), ...Object.keys(ours)])].sort();
  return Object.fromEntries(keys.filter(k => theirs[k] !== ours[k]).map(k => [k, [theirs[k], ours[k]]]));
}

const EMBEDDED_ENVOY = {
  'external-envoy-proxy': ['true', 'false'],
  'proxy-prometheus-port': [undefined, '9964'],
};

const OPERATOR_INTENDED: Intended[] = [
  { kind: '*', path: /(^|\.)labels\.helm\.sh\/chart$/, reason: 'No helm chart label: helm does not install these objects.' },
  { kind: 'ServiceAccount', path: /^metadata\.labels\.app\.kubernetes\.io\/part-of$/, reason: 'Every object of the install says it is part of Cilium (the chart labels all but its ServiceAccounts).' },
  {
    kind: 'Deployment',
    path: /^spec\.template\.spec\.containers\[cilium-operator\]\.ports\[health\]\.protocol$/,
    reason: 'TCP, the API\'s default, written out (the chart writes it on the prometheus port only).',
  },
];

describe('the Cilium install beside the agent, against the 1.20.0 chart', () => {
  const objs = install();

  test('cilium-config has every key of the chart\'s, with its value, but the embedded Envoy\'s two', () => {
    expect(configChanges(objs)).toEqual(EMBEDDED_ENVOY);
  });

  test('the operator Deployment differs from the chart\'s only where a reason is listed', () => {
    const found = [
      ...differences('Deployment', upstream('Deployment', 'cilium-operator'), only(objs, 'Deployment')),
      ...differences('ServiceAccount', upstream('ServiceAccount', 'cilium-operator'), only(objs, 'ServiceAccount', 'cilium-operator')),
    ];
    expect(auditDifferences(found, OPERATOR_INTENDED)).toEqual({ unexplained: [], ambiguous: [], stale: [] });
  });

  test.each([
    ['ClusterRole', 'cilium-operator'],
    ['Role', 'cilium-config-agent'],
    ['Role', 'cilium-tlsinterception-secrets'],
    ['Role', 'cilium-operator-tlsinterception-secrets'],
    ['Role', 'cilium-operator-ztunnel'],
  ])('%s %s grants exactly the chart\'s rules, in its order', (kind, name) => {
    const ours = only(objs, kind, name);
    const theirs = upstream(kind, name);
    expect(ours.rules).toEqual(theirs.rules);
    expect(ours.metadata.namespace).toEqual(theirs.metadata.namespace);
  });

  test.each([
    ['ClusterRoleBinding', 'cilium-operator'],
    ['RoleBinding', 'cilium-config-agent'],
    ['RoleBinding', 'cilium-tlsinterception-secrets'],
    ['RoleBinding', 'cilium-operator-tlsinterception-secrets'],
    ['RoleBinding', 'cilium-operator-ztunnel'],
  ])('%s %s binds the chart\'s role to the chart\'s subject', (kind, name) => {
    const ours = only(objs, kind, name);
    const theirs = upstream(kind, name);
    expect({ roleRef: ours.roleRef, subjects: ours.subjects }).toEqual({ roleRef: theirs.roleRef, subjects: theirs.subjects });
  });

  test('the cilium-secrets namespace and the hubble-peer Service are the chart\'s', () => {
    expect(only(objs, 'Namespace', 'cilium-secrets').metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'cilium' });
    expect(only(objs, 'Service', 'hubble-peer').spec).toEqual(upstream('Service', 'hubble-peer').spec);
  });

  test('ships no CRDs and no generated certificates', () => {
    expect(objs.filter(o => ['CustomResourceDefinition', 'Secret'].includes(o.kind))).toEqual([]);
  });

  test('every object the chart renders is here, but the Envoy DaemonSet\'s, the agent\'s own and the certificates', () => {
    const ids = (list: Manifest[]) => list.map(o => `${o.kind}/${o.metadata.name}`);
    const missing = ids(UPSTREAM).filter(id => !ids(objs).includes(id));
    expect(missing.sort()).toEqual([
      // Envoy runs embedded in the agent (envoy.ts says why).
      'ConfigMap/cilium-envoy-config', 'DaemonSet/cilium-envoy', 'Service/cilium-envoy', 'ServiceAccount/cilium-envoy',
      // The agent's own objects: its CniAgentDaemonSet emits them.
      'ClusterRole/cilium', 'ClusterRoleBinding/cilium', 'DaemonSet/cilium', 'ServiceAccount/cilium',
      // helm's throwaway certificates: the user provides hubble-server-certs.
      'Secret/cilium-ca', 'Secret/hubble-server-certs',
    ].sort());
  });
});

describe('the typed options change cilium-config as the chart\'s values do', () => {
  test.each<[string, CiliumOptions, Record<string, [string | undefined, string | undefined]>]>([
    ['routingMode=native', { routing: CiliumRouting.native({ ipv4NativeRoutingCidr: '10.0.0.0/8', autoDirectNodeRoutes: true }) }, {
      'routing-mode': ['tunnel', 'native'], 'auto-direct-node-routes': ['false', 'true'], 'ipv4-native-routing-cidr': [undefined, '10.0.0.0/8'],
    }],
    ['tunnelProtocol=geneve', { routing: CiliumRouting.tunnel(CiliumTunnelProtocol.GENEVE) }, { 'tunnel-protocol': ['vxlan', 'geneve'] }],
    ['kubeProxyReplacement=true', { kubeProxyReplacement: true, k8sServiceHost: '10.0.0.10', k8sServicePort: 6443 }, {
      'kube-proxy-replacement': ['false', 'true'], 'kube-proxy-replacement-healthz-bind-address': [undefined, ''],
    }],
    ['MTU=1450', { mtu: 1450 }, { mtu: [undefined, '1450'] }],
    ['ipam.mode=kubernetes', { ipam: CiliumIpam.kubernetes() }, {
      'ipam': ['cluster-pool', 'kubernetes'], 'cluster-pool-ipv4-cidr': ['10.0.0.0/8', undefined], 'cluster-pool-ipv4-mask-size': ['24', undefined],
    }],
    ['clusterPoolIPv4PodCIDRList', { ipam: CiliumIpam.clusterPool({ ipv4PodCidrs: ['10.42.0.0/16'], ipv4MaskSize: 25 }) }, {
      'cluster-pool-ipv4-cidr': ['10.0.0.0/8', '10.42.0.0/16'], 'cluster-pool-ipv4-mask-size': ['24', '25'],
    }],
    ['hubble.enabled=false', { hubble: false }, {
      'enable-hubble': ['true', 'false'],
      'hubble-socket-path': ['/var/run/cilium/hubble.sock', undefined],
      'hubble-network-policy-correlation-enabled': ['true', undefined],
      'hubble-listen-address': [':4244', undefined],
      'hubble-disable-tls': ['false', undefined],
      'hubble-tls-cert-file': ['/var/lib/cilium/tls/hubble/server.crt', undefined],
      'hubble-tls-key-file': ['/var/lib/cilium/tls/hubble/server.key', undefined],
      'hubble-tls-client-ca-files': ['/var/lib/cilium/tls/hubble/client-ca.crt', undefined],
    }],
  ])('%s', (_name, options, changes) => {
    expect(configChanges(install(options))).toEqual({ ...EMBEDDED_ENVOY, ...changes });
  });

  test('several pool CIDRs are written space-separated, as the chart joins the list', () => {
    expect(config(install({ ipam: CiliumIpam.clusterPool({ ipv4PodCidrs: ['10.42.0.0/16', '10.43.0.0/16'] }) }))['cluster-pool-ipv4-cidr']).toBe('10.42.0.0/16 10.43.0.0/16');
  });

  test('without Hubble there is no hubble-peer Service', () => {
    expect(install({ hubble: false }).filter(o => o.kind === 'Service')).toEqual([]);
  });

  test('the API server address reaches the operator as the chart passes it', () => {
    const env = flatten(only(install({ kubeProxyReplacement: true, k8sServiceHost: 'api.example.internal', k8sServicePort: 443 }), 'Deployment').spec.template.spec.containers[0].env);
    expect([env.get('[KUBERNETES_SERVICE_HOST].value'), env.get('[KUBERNETES_SERVICE_PORT].value')]).toEqual(['api.example.internal', '443']);
  });

  test('operator replicas, image and pull Secrets', () => {
    const deployment = only(install({ operatorReplicas: 1, version: CiliumVersion.of('1.20.1') }, ['mirror-creds']), 'Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0].image).toBe('quay.io/cilium/operator-generic:v1.20.1');
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'mirror-creds' }]);
  });
});
