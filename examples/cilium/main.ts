/**
 * The example app with Cilium as the cluster's CNI instead of flannel (one CNI per cluster, so a
 * second app): Cilium replacing kube-proxy, its operator, cilium-config and RBAC, applied by Argo
 * CD in the network wave. Its output is committed in examples/cilium/dist/, which CI checks for
 * drift: `npx ts-node --transpile-only examples/cilium/main.ts` rewrites it.
 * In your project, import from 'cdk8s-daemonsets' instead of '../../src'.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { AgentApplications, CiliumIpam, CniAgentDaemonSet, CniImplementation, SafeSynth, SyncWave } from '../../src';

const GITOPS_REPO = 'https://git.example.com/platform/gitops.git';
const DIST = path.join(__dirname, 'dist');

const app = new App();

const cni = new Chart(app, 'cni');
new CniAgentDaemonSet(cni, 'cilium', {
  implementation: CniImplementation.cilium({
    // kube-proxy is not installed: Cilium serves Services, and reaches the API server through the
    // control plane's load balancer, which works before any pod network does.
    kubeProxyReplacement: true,
    k8sServiceHost: 'api.prod-eu-1.example.internal',
    k8sServicePort: 6443,
    // The pod network, apart from the nodes' 10.0.0.0/16 and the Services' 10.96.0.0/12.
    ipam: CiliumIpam.clusterPool({ ipv4PodCidrs: ['10.42.0.0/16'] }),
  }),
  // Every image through the company's pull-through cache, as in the main example.
  imageRegistry: 'registry.example.com/quay',
  imagePullSecrets: ['registry-mirror-pull'],
});

// The operator, cilium-config and the RBAC are children of the agent, so they share its wave:
// Argo CD applies them together and waits for all, and the agent (which waits for the CRDs the
// operator registers) never waits behind a health gate for an operator that comes later.
const applications = new AgentApplications(new Chart(app, 'argocd-apps'), 'agents', { repoUrl: GITOPS_REPO, path: 'examples/cilium/dist' });
applications.addChart(cni, SyncWave.NETWORK);

const result = SafeSynth.synth(app, { outdir: DIST });
console.log(`examples/cilium/dist/: ${result.files.length} files, ${result.objects} objects, ${result.daemonSets} DaemonSets`);
