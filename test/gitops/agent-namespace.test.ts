import { App, Chart } from 'cdk8s';
import { AgentNamespace, CniAgentDaemonSet, NodeExporterDaemonSet, PodSecurityLevel, SyncWave } from '../../src';
import { agent, agentContainer } from '../base/fixtures';
import { only, synth } from '../support/manifests';

const restricted = {
  securityContext: { ensureNonRoot: true, user: 65534, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL' as any] } },
};

/** The level of an AgentNamespace "agents" once `configure` has added its agents. */
function levelOf(configure: (chart: Chart, ns: AgentNamespace) => void): string {
  const chart = new Chart(new App(), 'test', { namespace: 'agents' });
  configure(chart, new AgentNamespace(chart, 'ns', { name: 'agents' }));
  const ns = only(synth(chart), 'Namespace');
  expect(ns.metadata.namespace).toBeUndefined();
  const labels = ns.metadata.labels;
  expect(labels['pod-security.kubernetes.io/warn']).toBe(labels['pod-security.kubernetes.io/enforce']);
  expect(labels['pod-security.kubernetes.io/audit']).toBe(labels['pod-security.kubernetes.io/enforce']);
  return labels['pod-security.kubernetes.io/enforce'];
}

describe('AgentNamespace', () => {
  test('restricted when its agents are', () => {
    expect(levelOf((chart, ns) => ns.addAgent(agent(chart, { containers: [agentContainer(restricted)] })))).toBe('restricted');
  });

  test('baseline when an agent runs as root without host access', () => {
    const root = { securityContext: { ...restricted.securityContext, ensureNonRoot: false, user: 0 } };
    expect(levelOf((chart, ns) => ns.addAgent(agent(chart, { containers: [agentContainer(root)] })))).toBe('baseline');
  });

  test('privileged when any agent in the namespace uses host namespaces', () => {
    expect(levelOf((chart, ns) => {
      ns.addAgent(agent(chart, { containers: [agentContainer(restricted)] }));
      ns.addAgent(agent(chart, { name: 'net', hostNetwork: true, containers: [agentContainer(restricted)] }, 'net'));
    })).toBe('privileged');
  });

  test('only the agents added count: the relation is explicit, not a lookup by namespace', () => {
    expect(levelOf((chart, ns) => {
      ns.addAgent(agent(chart, { containers: [agentContainer(restricted)] }));
      agent(chart, { name: 'net', hostNetwork: true, containers: [agentContainer(restricted)] }, 'net');
    })).toBe('restricted');
  });

  test('the library\'s agents add themselves to the namespace they are delivered into', () => {
    const chart = new Chart(new App(), 'test');
    const ns = new AgentNamespace(chart, 'ns', { name: 'monitoring' });
    const exporter = new NodeExporterDaemonSet(chart, 'exporter');
    const cni = new CniAgentDaemonSet(chart, 'cni', { namespace: 'monitoring', createNamespace: false });
    expect(ns.agents).toEqual([exporter.daemonSet, cni.daemonSet]);
    expect(only(synth(chart), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('rejects an agent of another namespace, and an agent added twice', () => {
    const chart = new Chart(new App(), 'test', { namespace: 'agents' });
    const ns = new AgentNamespace(chart, 'ns', { name: 'agents' });
    const other = agent(chart, { metadata: { namespace: 'other' } }, 'other');
    expect(() => ns.addAgent(other)).toThrow(/^test\/ns: invalid agent: "test\/other"\. The agent runs in namespace "other", not "agents": add it to that namespace's AgentNamespace\.$/);
    const mine = agent(chart);
    ns.addAgent(mine);
    expect(() => ns.addAgent(mine)).toThrow(/^test\/ns: invalid agent: "test\/agent"\. The agent is already added: add each agent once\.$/);
    expect(() => ns.addAgent({} as any)).toThrow(/^test\/ns: invalid agent: \{\}\. Give a NodeAgent/);
  });

  test('an explicit level wins', () => {
    const chart = new Chart(new App(), 'test');
    new AgentNamespace(chart, 'ns', { name: 'agents', podSecurityLevel: PodSecurityLevel.BASELINE, labels: { team: 'platform' } });
    expect(only(synth(chart), 'Namespace').metadata.labels).toEqual({
      'team': 'platform',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/audit': 'baseline',
    });
  });

  test('a shared Namespace is applied in the lowest wave of its agents, whichever agent created it', () => {
    const app = new App();
    const chart = new Chart(app, 'test');
    new NodeExporterDaemonSet(chart, 'exporter', { namespace: 'node-agents' });
    new CniAgentDaemonSet(chart, 'cni', { namespace: 'node-agents' });
    const objs = synth(chart);
    expect(only(objs, 'Namespace').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-10' });
    expect(only(objs, 'DaemonSet', 'node-exporter').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
  });

  test('no wave when its agents have none', () => {
    const chart = new Chart(new App(), 'test');
    new NodeExporterDaemonSet(chart, 'exporter', { syncWave: SyncWave.NONE });
    expect(only(synth(chart), 'Namespace').metadata.annotations).toBeUndefined();
  });

  test('an explicit wave wins', () => {
    const chart = new Chart(new App(), 'test');
    const ns = new AgentNamespace(chart, 'ns', { name: 'agents', syncWave: SyncWave.of(-20) });
    ns.addAgent(agent(chart, { metadata: { namespace: 'agents' } }));
    SyncWave.NETWORK.applyTo(chart.node.findChild('agent'));
    expect(only(synth(chart), 'Namespace').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-20' });
  });

  test('rejects a name that is not a DNS label', () => {
    expect(() => new AgentNamespace(new Chart(new App(), 'test'), 'ns', { name: 'Agents' })).toThrow(/test\/ns: invalid name: "Agents"/);
  });
});
