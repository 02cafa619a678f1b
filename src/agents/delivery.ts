import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AgentNamespace } from '../gitops/agent-namespace';
import { SyncWave } from '../gitops/sync-wave';
import { AgentOptions } from './agent-options';

// Namespaces every cluster has; labelling them would change Pod Security for everything else there.
const BUILT_IN_NAMESPACES = new Set(['kube-system', 'kube-public', 'default']);

/**
 * The GitOps side every agent shares: its Namespace (one per name in the app, created by the
 * first agent that needs it) and its sync wave on every object, the Namespace included.
 */
export function deliverAgent(agent: Construct, options: AgentOptions, namespace: string, layer: SyncWave): void {
  if (options.createNamespace ?? !BUILT_IN_NAMESPACES.has(namespace)) {
    const existing = App.of(agent).node.findAll().find(c => c instanceof AgentNamespace && c.name === namespace);
    if (!existing) new AgentNamespace(agent, 'Namespace', { name: namespace });
  }
  (options.syncWave ?? layer).applyTo(agent);
}
