/**
 * No-silent-drops tables for Cilium's options: every option set to a recognisable value, looked
 * up where Cilium reads it (cilium-config, the agent's env, the operator).
 */
import { DropTable } from './drops';
import { CiliumIpam, CiliumRouting, CiliumVersion, CniAgentDaemonSet, CniImplementation } from '../../src';
import { Manifest, newChart, synth } from '../support/manifests';

let objects: Manifest[] | undefined;
function ciliumObjects(): Manifest[] {
  if (objects) return objects;
  const chart = newChart('drops-cilium');
  new CniAgentDaemonSet(chart, 'cilium', {
    implementation: CniImplementation.cilium({
      version: CiliumVersion.of('1.20.7'),
      routing: CiliumRouting.native({ ipv4NativeRoutingCidr: '10.77.0.0/16', autoDirectNodeRoutes: true }),
      ipam: CiliumIpam.clusterPool({ ipv4PodCidrs: ['10.88.0.0/16'], ipv4MaskSize: 26 }),
      kubeProxyReplacement: true,
      k8sServiceHost: 'drop-api.example.internal',
      k8sServicePort: 6553,
      mtu: 1377,
      hubble: false,
      operatorReplicas: 3,
    }),
  });
  objects = synth(chart);
  return objects;
}

const CONFIG = 'ConfigMap/cilium-config data';
const AGENT_ENV = 'DaemonSet/cilium spec.template.spec.containers[name=cilium-agent].env';

export const ciliumTables: DropTable[] = [
  {
    struct: 'CiliumOptions',
    synth: ciliumObjects,
    rows: {
      version: [
        { at: 'DaemonSet/cilium metadata.labels["app.kubernetes.io/version"]', is: '1.20.7' },
        { at: 'Deployment/cilium-operator spec.template.spec.containers[name=cilium-operator].image', is: 'quay.io/cilium/operator-generic:v1.20.7' },
      ],
      routing: { at: `${CONFIG}["routing-mode"]`, is: 'native' },
      ipam: { at: `${CONFIG}.ipam`, is: 'cluster-pool' },
      kubeProxyReplacement: { at: `${CONFIG}["kube-proxy-replacement"]`, is: 'true' },
      k8sServiceHost: [
        { at: AGENT_ENV, has: { name: 'KUBERNETES_SERVICE_HOST', value: 'drop-api.example.internal' } },
        { at: 'Deployment/cilium-operator spec.template.spec.containers[name=cilium-operator].env', has: { name: 'KUBERNETES_SERVICE_HOST', value: 'drop-api.example.internal' } },
      ],
      k8sServicePort: { at: AGENT_ENV, has: { name: 'KUBERNETES_SERVICE_PORT', value: '6553' } },
      mtu: { at: `${CONFIG}.mtu`, is: '1377' },
      hubble: { at: `${CONFIG}["enable-hubble"]`, is: 'false' },
      operatorReplicas: { at: 'Deployment/cilium-operator spec.replicas', is: 3 },
    },
  },
  {
    struct: 'CiliumNativeRoutingOptions',
    synth: ciliumObjects,
    rows: {
      ipv4NativeRoutingCidr: { at: `${CONFIG}["ipv4-native-routing-cidr"]`, is: '10.77.0.0/16' },
      autoDirectNodeRoutes: { at: `${CONFIG}["auto-direct-node-routes"]`, is: 'true' },
    },
  },
  {
    struct: 'CiliumClusterPoolOptions',
    synth: ciliumObjects,
    rows: {
      ipv4PodCidrs: { at: `${CONFIG}["cluster-pool-ipv4-cidr"]`, is: '10.88.0.0/16' },
      ipv4MaskSize: { at: `${CONFIG}["cluster-pool-ipv4-mask-size"]`, is: '26' },
    },
  },
];
