/**
 * The example app with Calico as the cluster's CNI instead of flannel (one CNI per cluster, so a
 * second app): calico-node with VXLAN between subnets and no BGP, its CRDs, kube-controllers and
 * RBAC, applied by Argo CD in the network wave (the CRDs a wave before calico-node,
 * kube-controllers a wave after). Its output is committed in examples/calico/dist/, which CI
 * checks for drift: `npx ts-node --transpile-only examples/calico/main.ts` rewrites it.
 * In your project, import from 'cdk8s-daemonsets' instead of '../../src'.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import {
  AgentApplications, CalicoEncapsulation, CalicoIpAutodetection, CniAgentDaemonSet, CniImplementation, SafeSynth, SyncWave,
} from '../../src';

const GITOPS_REPO = 'https://git.example.com/platform/gitops.git';
const DIST = path.join(__dirname, 'dist');

const app = new App();

const cni = new Chart(app, 'cni');
new CniAgentDaemonSet(cni, 'calico', {
  implementation: CniImplementation.calico({
    // kubeadm's --pod-network-cidr: the pool calico-node creates on its first start.
    podCidr: '10.42.0.0/16',
    // The nodes sit in several subnets of a network that does not speak BGP: VXLAN between
    // subnets, plain routing within one, and Felix programs the routes (no BIRD).
    encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET,
    bgp: false,
    // The nodes have a second interface for storage traffic: use the address Kubernetes uses.
    ipAutodetection: CalicoIpAutodetection.kubernetesInternalIp(),
  }),
  // Every image through the company's pull-through cache, as in the main example.
  imageRegistry: 'registry.example.com/quay',
  imagePullSecrets: ['registry-mirror-pull'],
});

// The CRDs, the CNI plugin's RBAC and kube-controllers are children of the agent: one
// Application applies them in their waves, the CRDs first (calico-node keeps its state in them),
// kube-controllers last (it runs on the pod network calico-node creates).
const applications = new AgentApplications(new Chart(app, 'argocd-apps'), 'agents', { repoUrl: GITOPS_REPO, path: 'examples/calico/dist' });
applications.addChart(cni, SyncWave.NETWORK);

const result = SafeSynth.synth(app, { outdir: DIST });
console.log(`examples/calico/dist/: ${result.files.length} files, ${result.objects} objects, ${result.daemonSets} DaemonSets`);
