/**
 * The planner's input checks: DaemonSets as the API server validates them (apps/v1, and the
 * library's output validator for every field), nodes by the shape of the fields it reads. Each
 * refusal names the object and the field, on one line.
 */
import * as path from 'path';
import { daemonSet, errorOf, node } from './builders';
import { CoveragePlanner } from '../../src/planner';

const fixture = (...p: string[]) => path.join(__dirname, 'fixtures', ...p);

describe('DaemonSets are checked as the API server would', () => {
  const agent = (pod: any = {}, spec: any = {}) => daemonSet('agent', pod, spec);
  const withPort = (port: any, hostNetwork = false) => agent({ hostNetwork, containers: [{ name: 'agent', image: 'example.com/a:1', ports: [port] }] });
  const refusal = (manifest: unknown) => errorOf(() => CoveragePlanner.plan([manifest as any], [node('n')]));

  test.each([
    ['no apiVersion', { ...agent(), apiVersion: undefined }, 'DaemonSet default/agent: invalid apiVersion: undefined. A DaemonSet is apps/v1: use apiVersion: apps/v1.'],
    ['extensions/v1beta1', { ...agent(), apiVersion: 'extensions/v1beta1' },
      'DaemonSet default/agent: invalid apiVersion: "extensions/v1beta1". DaemonSets are served only as apps/v1 since Kubernetes 1.16: use apiVersion: apps/v1 (and give spec.selector, which apps/v1 requires).'],
    ['apps/v1beta2', { ...agent(), apiVersion: 'apps/v1beta2' }, 'DaemonSet default/agent: invalid apiVersion: "apps/v1beta2". DaemonSets are served only as apps/v1 since Kubernetes 1.16'],
    ['an unknown apiVersion', { ...agent(), apiVersion: 'apps/v2' }, 'DaemonSet default/agent: invalid apiVersion: "apps/v2". A DaemonSet is apps/v1'],
    ['hostPort as a string', withPort({ containerPort: 9100, hostPort: '9100' }, true),
      'DaemonSet default/agent: invalid spec.template.spec.containers[agent].ports[0].hostPort: "9100". Use a port number from 1 to 65535.'],
    ['containerPort 70000', withPort({ containerPort: 70000 }), 'DaemonSet default/agent: invalid spec.template.spec.containers[agent].ports[0].containerPort: 70000. Use a port number from 1 to 65535.'],
    ['a nodeSelector value with a space', agent({ nodeSelector: { pool: 'gpu nodes' } }), 'DaemonSet default/agent: invalid spec.template.spec.nodeSelector[pool]: "gpu nodes". Use at most 63 characters'],
    ['toleration operator exists', agent({ tolerations: [{ operator: 'exists' }] }), 'DaemonSet default/agent: invalid spec.template.spec.tolerations[0].operator: "exists". Use one of "Equal", "Exists".'],
    ['toleration operator in', agent({ tolerations: [{ key: 'a', operator: 'in', value: 'b' }] }), 'DaemonSet default/agent: invalid spec.template.spec.tolerations[0].operator: "in". Use one of "Equal", "Exists".'],
    ['a nodeSelector boolean', agent({ nodeSelector: { gpu: true } }), 'DaemonSet default/agent: invalid spec.template.spec.nodeSelector[gpu]: true. Label values are strings (quote them in YAML).'],
    ['tolerations as an object', agent({ tolerations: { operator: 'Exists' } }), 'DaemonSet default/agent: invalid spec.template.spec.tolerations: {"operator":"Exists"}. The API expects a list here.'],
    ['a toleration value as a number', agent({ tolerations: [{ key: 'a', value: 1 }] }), 'invalid spec.template.spec.tolerations[0].value: 1. The API expects a string here (quote it in YAML).'],
    ['hostNetwork as a string', agent({ hostNetwork: 'yes' }), 'invalid spec.template.spec.hostNetwork: "yes". Use true or false (not a string).'],
    ['matchExpressions as an object', agent({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: { key: 'a' } }] } } } }),
      'invalid spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions: {"key":"a"}. The API expects a list here.'],
    ['ports as a number', agent({ containers: [{ name: 'c', ports: 9100 }] }), 'invalid spec.template.spec.containers[c].ports: 9100. The API expects a list here.'],
    ['a null port', agent({ containers: [{ name: 'agent', image: 'example.com/a:1', ports: [null] }] }),
      'DaemonSet default/agent: invalid spec.template.spec.containers[0].ports[0]: null. A list entry may not be null (the API server would read an empty one): remove it.'],
    ['a null toleration', agent({ tolerations: [{ operator: 'Exists' }, null] }), 'invalid spec.template.spec.tolerations[1]: null. A list entry may not be null'],
    ['no name', { ...agent(), metadata: {} }, 'DaemonSet #1: invalid metadata.name: undefined. Every object needs a name.'],
    ['no pod template', { ...agent(), spec: { selector: { matchLabels: { app: 'agent' } } } }, 'DaemonSet default/agent: invalid spec.template.metadata.labels[app]: undefined. The selector requires app=agent, so the pod template must carry it. Also invalid: spec.template.spec.containers.'],
    ['another kind', { kind: 'Deployment', metadata: { name: 'web' } }, 'DaemonSet default/web: kind: expected DaemonSet, found "Deployment"'],
    ['no kind', { metadata: { name: 'web' } }, 'DaemonSet default/web: kind: expected DaemonSet, found none'],
    ['not an object', 'agent', 'DaemonSet #1: expected a DaemonSet object, found string "agent"'],
  ])('rejects %s', (_d, manifest, message) => {
    expect(refusal(manifest)).toContain(message);
  });

  test('one line: the first problem in full, then the fields of the others', () => {
    const message = refusal({ ...withPort({ containerPort: 70000, hostPort: '1' }), apiVersion: 'extensions/v1beta1' });
    expect(message).toMatch(/^DaemonSet default\/agent: invalid apiVersion: "extensions\/v1beta1"\. .* Also invalid: spec\.template\.spec\.containers\[agent\]\.ports\[0\]\.containerPort, spec\.template\.spec\.containers\[agent\]\.ports\[0\]\.hostPort\.$/);
    expect(message).not.toContain('\n');
  });

  test('what the API server accepts is planned', () => {
    const plan = CoveragePlanner.plan([agent({ tolerations: [{ operator: 'Exists' }], nodeSelector: { pool: '' } }, { updateStrategy: { type: '' } })], [node('n', { labels: { pool: '' } })]);
    expect(plan.daemonSets[0].coveredNodes).toBe(1);
  });

  test('a refusal from a file names the file and the line of the document', () => {
    expect(errorOf(() => CoveragePlanner.fromFiles([fixture('invalid', 'unquoted-bool.yaml')], fixture('nodes.json'))))
      .toBe(`${fixture('invalid', 'unquoted-bool.yaml')}:1: DaemonSet gpu/gpu-agent: invalid spec.template.spec.nodeSelector[nvidia.com/gpu.present]: true. Label values are strings (quote them in YAML).`);
  });
});

describe('nodes are checked for the fields the planner reads', () => {
  test.each([
    [[{ metadata: { name: 'a' } }, { metadata: { name: 'a' } }], 'nodes: item 1 (node a): metadata.name: duplicate node name a (also item 0)'],
    [[{ metadata: {} }], 'nodes: item 0: metadata.name: a node needs a name'],
    [['x'], 'nodes: item 0: expected a Node object, found string "x"'],
    [[{ metadata: { name: 'a', labels: { zone: 1 } } }], 'nodes: item 0 (node a): metadata.labels.zone: expected a string, found number 1; quote the value in YAML'],
    [[{ metadata: { name: 'a' }, spec: { taints: { key: 'x' } } }], 'nodes: item 0 (node a): spec.taints: expected a list, found an object'],
    [[{ metadata: { name: 'a' }, status: { allocatable: { cpu: JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) } } }],
      'nodes: item 0 (node a): status.allocatable.cpu: expected a quantity (e.g. "4" or "16Gi"), found a list'],
    [[{ metadata: { name: 'a' }, status: { allocatable: { cpu: null } } }], 'nodes: item 0 (node a): status.allocatable.cpu: expected a quantity (e.g. "4" or "16Gi"), found null'],
  ])('rejects node list %#', (nodes, message) => {
    expect(errorOf(() => CoveragePlanner.plan([], nodes))).toBe(message);
  });
});
