import { App, Chart } from 'cdk8s';
import { AgentNamespace, PodSecurityLevel } from '../../src';
import { agent, agentContainer } from '../base/fixtures';
import { only, synth } from '../support/manifests';

const restricted = {
  securityContext: { ensureNonRoot: true, user: 65534, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL' as any] } },
};

function levelOf(configure: (chart: Chart) => void): string {
  const chart = new Chart(new App(), 'test', { namespace: 'agents' });
  new AgentNamespace(chart, 'ns', { name: 'agents' });
  configure(chart);
  const ns = only(synth(chart), 'Namespace');
  expect(ns.metadata.namespace).toBeUndefined();
  const labels = ns.metadata.labels;
  expect(labels['pod-security.kubernetes.io/warn']).toBe(labels['pod-security.kubernetes.io/enforce']);
  expect(labels['pod-security.kubernetes.io/audit']).toBe(labels['pod-security.kubernetes.io/enforce']);
  return labels['pod-security.kubernetes.io/enforce'];
}

describe('AgentNamespace', () => {
  test('restricted when its agents are', () => {
    expect(levelOf(chart => agent(chart, { containers: [agentContainer(restricted)] }))).toBe('restricted');
  });

  test('baseline when an agent runs as root without host access', () => {
    const root = { securityContext: { ...restricted.securityContext, ensureNonRoot: false, user: 0 } };
    expect(levelOf(chart => agent(chart, { containers: [agentContainer(root)] }))).toBe('baseline');
  });

  test('privileged when any agent in the namespace uses host namespaces', () => {
    expect(levelOf(chart => {
      agent(chart, { containers: [agentContainer(restricted)] });
      agent(chart, { name: 'net', hostNetwork: true, containers: [agentContainer(restricted)] }, 'net');
    })).toBe('privileged');
  });

  test('agents in other namespaces do not count', () => {
    expect(levelOf(chart => {
      agent(chart, { containers: [agentContainer(restricted)] });
      agent(chart, { name: 'net', hostNetwork: true, metadata: { namespace: 'other' }, containers: [agentContainer(restricted)] }, 'net');
    })).toBe('restricted');
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

  test('rejects a name that is not a DNS label', () => {
    expect(() => new AgentNamespace(new Chart(new App(), 'test'), 'ns', { name: 'Agents' })).toThrow(/test\/ns: invalid name: "Agents"/);
  });
});
