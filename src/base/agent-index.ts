import { IConstruct } from 'constructs';
import type { NodeAgent } from './node-agent';

/**
 * The NodeAgents of each app by namespace, filled as they are constructed, so what needs "every
 * agent in this namespace" (a Namespace's Pod Security level and sync wave) looks them up
 * instead of walking the whole construct tree once per namespace, which grows quadratically.
 */
const agentsByApp = new WeakMap<IConstruct, Map<string, NodeAgent[]>>();

/** Records an agent under its app and namespace. */
export function indexAgent(agent: NodeAgent, namespace: string | undefined): void {
  if (namespace === undefined) return;
  const app = agent.node.root;
  const byNamespace = agentsByApp.get(app) ?? new Map<string, NodeAgent[]>();
  agentsByApp.set(app, byNamespace);
  byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), agent]);
}

/** The agents of `scope`'s app in a namespace, in construction order. */
export function agentsInNamespace(scope: IConstruct, namespace: string): NodeAgent[] {
  return agentsByApp.get(scope.node.root)?.get(namespace) ?? [];
}
