import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AgentOptions } from './agent-options';
import { AgentNamespace } from '../gitops/agent-namespace';
import { SyncWave } from '../gitops/sync-wave';

// Namespaces every cluster has; labelling them would change Pod Security for everything else there.
const BUILT_IN_NAMESPACES = new Set(['kube-system', 'kube-public', 'default']);

/**
 * The GitOps side every agent shares: its Namespace (one per name in the app, in the chart of the
 * first agent that needs it, applied in the lowest wave of the agents in it) and its sync wave on
 * every object.
 */
export function deliverAgent(agent: Construct, options: AgentOptions, namespace: string, layer: SyncWave): void {
  if (options.createNamespace ?? !BUILT_IN_NAMESPACES.has(namespace)) {
    const existing = AgentNamespace.find(agent, namespace);
    // In the chart, not under the agent: its wave is the lowest of all its agents', not this one's.
    if (!existing) new AgentNamespace(Chart.of(agent), `Namespace-${namespace}`, { name: namespace });
  }
  (options.syncWave ?? layer).applyTo(agent);
}
