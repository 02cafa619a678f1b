import { ApiResource } from 'cdk8s-plus-28';
import { agent } from './fixtures';
import { AccessRule, ApiVerb } from '../../src';
import { newChart, only, synth } from '../support/manifests';

describe('NodeAgent access', () => {
  test('no rules: a ServiceAccount without token and no ClusterRole', () => {
    const chart = newChart('test', 'ns');
    agent(chart);
    const objs = synth(chart);
    expect(objs.map(o => o.kind).sort()).toEqual(['DaemonSet', 'ServiceAccount']);
    expect(only(objs, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    const pod = only(objs, 'DaemonSet').spec.template.spec;
    expect(pod.serviceAccountName).toBe('agent');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('rules: a least-privilege ClusterRole bound to the ServiceAccount, and the token mounted', () => {
    const chart = newChart('test', 'logging');
    agent(chart, { access: [AccessRule.read(ApiResource.PODS, ApiResource.NAMESPACES)] });
    const objs = synth(chart);
    const role = only(objs, 'ClusterRole');
    expect(role.metadata.name).toBe('logging-agent');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = only(objs, 'ClusterRoleBinding');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'logging-agent' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'agent', namespace: 'logging' }]);
    expect(only(objs, 'DaemonSet').spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('grant() adds rules later; rules group by API group, verbs and names', () => {
    const chart = newChart('test', 'kube-flannel');
    const a = agent(chart, { access: [AccessRule.read(ApiResource.NODES)] });
    a.grant(AccessRule.allow([ApiVerb.PATCH], ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status' })));
    a.grant(AccessRule.of({ verbs: [ApiVerb.GET], resources: [ApiResource.CONFIG_MAPS], resourceNames: ['agent-config'] }));
    expect(only(synth(chart), 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['agent-config'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
    ]);
    expect(a.accessRules).toHaveLength(3);
    expect(a.clusterRole).toBeDefined();
  });

  test('rules are ordered by code unit, not by the locale of whoever synthesizes', () => {
    const chart = newChart('test', 'ns');
    const custom = (apiGroup: string) => ApiResource.custom({ apiGroup, resourceType: 'things' });
    agent(chart, { access: [AccessRule.read(custom('a.example.com'), custom('B.example.com'), custom('\u00e9.example.com'))] });
    // A locale's collation would put a before B and é beside e; code units put B (0x42) first and é last.
    expect(only(synth(chart), 'ClusterRole').rules.map((r: { apiGroups: string[] }) => r.apiGroups[0])).toEqual(['B.example.com', 'a.example.com', '\u00e9.example.com']);
  });

  test('an explicit automountServiceAccountToken wins', () => {
    const chart = newChart('test', 'ns');
    agent(chart, { access: [AccessRule.read(ApiResource.PODS)], automountServiceAccountToken: false });
    expect(only(synth(chart), 'DaemonSet').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('wildcards pass only when explicitly accepted', () => {
    const chart = newChart('test', 'ns');
    agent(chart, { access: [AccessRule.of({ verbs: [ApiVerb.ALL], resources: [ApiResource.PODS], allowWildcards: true })] });
    expect(only(synth(chart), 'ClusterRole').rules[0].verbs).toEqual(['*']);
  });

  describe('rejects', () => {
    test('rejects a wildcard verb', () => {
      expect(() => agent(newChart('test', 'ns'), { access: [AccessRule.allow([ApiVerb.ALL], ApiResource.PODS)] }))
        .toThrow(/test\/agent: invalid access\[0\]: "verb \*"\. Wildcards grant whatever the API adds later/);
    });
    test('rejects a wildcard resource', () => {
      expect(() => agent(newChart('test', 'ns'), { access: [AccessRule.read(ApiResource.custom({ apiGroup: '', resourceType: '*' }))] }))
        .toThrow(/invalid access\[0\]: "resource \* \(apiGroup \\"\\"\)"/);
    });
    test('rejects a wildcard API group', () => {
      expect(() => agent(newChart('test', 'ns'), { access: [AccessRule.read(ApiResource.custom({ apiGroup: '*', resourceType: 'pods' }))] }))
        .toThrow(/invalid access\[0\]: "apiGroup \* \(pods\)"/);
    });
    test('rejects an unknown verb where the rule is made', () => {
      expect(() => agent(newChart('test', 'ns'), { access: [AccessRule.allow(['read' as ApiVerb], ApiResource.PODS)] }))
        .toThrow(/^AccessRule\.allow: invalid verbs\[0\]: "read"\. Give one of ApiVerb: "get", "list", "watch"/);
    });
    test('rejects a rule without resources', () => {
      expect(() => agent(newChart('test', 'ns'), { access: [AccessRule.read()] })).toThrow(/invalid access\[0\]\.resources: \[\]\. Name at least one resource/);
    });
    test('rejects access without a namespace for the binding', () => {
      expect(() => agent(newChart(), { access: [AccessRule.read(ApiResource.PODS)] }))
        .toThrow(/invalid namespace: undefined\. A ClusterRoleBinding must name the ServiceAccount's namespace/);
    });
  });
});
