/**
 * What calico-node needs beyond what a CniDescription says, added by the agent's `extend` hook
 * once the DaemonSet exists, each as manifests/calico.yaml at v3.32.1 has it: the objects of the
 * install besides the DaemonSet, as children of the agent (the CNI plugin's ServiceAccount and
 * RBAC in the agent's namespace, where calico-node asks for its tokens; the CRDs one sync wave
 * before the agent; calico-kube-controllers one wave after it), and calico-node's pre-stop hook,
 * which cdk8s-plus-28 takes only when the agent creates the container.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CalicoCustomResourceDefinitions } from './custom-resource-definitions';
import { CalicoKubeControllers } from './kube-controllers';
import { CNI_PLUGIN_ACCOUNT, cniPluginRules } from './rbac';
import { CalicoSettings } from './settings';
import { grantToServiceAccount } from '../../../base/access';
import { SyncWave } from '../../../gitops/sync-wave';
import type { CniAgentParts, CniExtendProps } from '../description';

/** The agent's wave moved by `offset`, or no wave when the agent has none. */
function waveBeside(agentWave: SyncWave, offset: number): SyncWave {
  return agentWave.wave === undefined ? SyncWave.NONE : SyncWave.of(agentWave.wave + offset);
}

/** Adds the objects of Calico's install that are not the DaemonSet, as children of the agent. */
export function finishCalico(agent: CniAgentParts, props: CniExtendProps, s: CalicoSettings): void {
  const ds = agent.daemonSet;
  const namespace = agent.namespace;
  const labels = ds.labels;
  // The plugin calls the API with this account's token, which install-cni and calico-node
  // request (TokenRequest) and write into its kubeconfig: the plugin gets only what it needs.
  const plugin = new Construct(agent, 'CniPlugin');
  new k8s.KubeServiceAccount(plugin, 'ServiceAccount', { metadata: { name: CNI_PLUGIN_ACCOUNT, namespace, labels } });
  grantToServiceAccount(plugin, { name: CNI_PLUGIN_ACCOUNT, labels, rules: cniPluginRules, serviceAccount: CNI_PLUGIN_ACCOUNT, namespace });

  // Upstream's pre-stop hook: calico-node's own shutdown step runs before the container is
  // stopped, within the agent's grace period (upstream's 0 would leave it no time).
  ds.overrideContainer(agent.container, { preStopCommand: ['/bin/calico-node', '-shutdown'] });

  const wave = props.syncWave ?? SyncWave.NETWORK;
  if (!s.crds.isNone) new CalicoCustomResourceDefinitions(agent, 'Crds', { crds: s.crds, version: s.version, syncWave: waveBeside(wave, -1) });
  if (s.kubeControllers) {
    new CalicoKubeControllers(agent, 'KubeControllers', {
      version: s.version, namespace, imageRegistry: ds.imageRegistry, imagePullSecrets: ds.imagePullSecrets, syncWave: waveBeside(wave, 1),
    });
  }
}
