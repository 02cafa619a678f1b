/**
 * Reading input: DaemonSets from YAML files and folders, nodes from kubectl JSON. Bad input fails
 * with one message naming the file (and the line for syntax errors).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { errorOf, node } from './builders';
import { CoveragePlanner } from '../../src/planner';
import { daemonSetsFromYaml, loadDaemonSets, loadNodes, nodesFromJson } from '../../src/planner/load';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (...p: string[]) => path.join(FIXTURES, ...p);

describe('DaemonSets from YAML', () => {
  test('reads multi-document files, ignores other kinds, records file:line', () => {
    const found = loadDaemonSets([fixture('daemonsets.yaml')]);
    expect(found.map(d => [d.manifest.metadata.name, d.source])).toEqual([
      ['node-exporter', `${fixture('daemonsets.yaml')}:8`],
      ['fluent-bit', `${fixture('daemonsets.yaml')}:39`],
    ]);
  });

  test('folders are read recursively, sorted, *.yaml and *.yml only, hidden folders skipped', () => {
    const found = loadDaemonSets([fixture('folder')]);
    expect(found.map(d => d.source)).toEqual([
      `${fixture('folder', 'a-exporter.yaml')}:1`,
      `${fixture('folder', 'nested', 'gpu-monitor.yml')}:7`, // a DaemonSet inside a List, at its item's line
    ]);
  });

  test('several paths keep their order', () => {
    const names = loadDaemonSets([fixture('folder'), fixture('daemonsets.yaml')]).map(d => d.manifest.metadata.name);
    expect(names).toEqual(['legacy-exporter', 'dcgm-exporter', 'node-exporter', 'fluent-bit']);
  });

  test.each([
    ['empty text', '', 0],
    ['only comments', '# nothing\n', 0],
    ['empty documents', '---\n---\n', 0],
    ['a scalar document', 'hello\n', 0],
    ['a DaemonSetList', 'kind: DaemonSetList\nitems:\n  - kind: DaemonSet\n    metadata: {name: a}\n  - kind: Deployment\n    metadata: {name: b}\n', 1],
    ['JSON is YAML', '{"kind": "DaemonSet", "metadata": {"name": "a"}}', 1],
  ])('%s', (_d, text, count) => {
    expect(daemonSetsFromYaml(text, 'x.yaml')).toHaveLength(count);
  });

  test.each([
    ['bad-indent.yaml', /bad-indent\.yaml:9:3: YAML error: Flow map in block collection must be sufficiently indented and end with a \}$/],
    ['missing.yaml', /missing\.yaml: cannot read: no such file or directory$/],
  ])('rejects %s with file and line', (file, message) => {
    expect(errorOf(() => loadDaemonSets([fixture('invalid', file)]))).toMatch(message);
  });

  test('YAML 1.1 as kubectl reads it: yes/on/y are booleans, 0644 is octal; 12:30 and dates stay strings', () => {
    const [ds] = daemonSetsFromYaml('kind: DaemonSet\nmetadata: {name: a}\nx: [yes, on, y, No, 0644, 12:30, 2024-01-01, nginx:1.25, 1e3]\n', 'f.yaml');
    expect(ds.manifest.x).toEqual([true, true, true, false, 420, '12:30', '2024-01-01', 'nginx:1.25', 1000]);
  });

  test('so an unquoted yes in a nodeSelector is refused, as the API server would', () => {
    const [ds] = daemonSetsFromYaml('kind: DaemonSet\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      nodeSelector: {gpu: yes}\n', 'f.yaml');
    expect(errorOf(() => CoveragePlanner.plan([ds.manifest], [node('n')]))).toBe('DaemonSet default/a: spec.template.spec.nodeSelector.gpu: expected a string, found boolean true; quote the value in YAML');
  });

  test('rejects duplicate keys (the API server would too)', () => {
    expect(errorOf(() => daemonSetsFromYaml('kind: DaemonSet\nmetadata: {name: a}\nkind: DaemonSet\n', 'dup.yaml'))).toBe('dup.yaml:3:1: YAML error: Map keys must be unique');
  });

  test('the YAML line of an error in a later document', () => {
    expect(errorOf(() => daemonSetsFromYaml('kind: DaemonSet\n---\na: [1\n', 'later.yaml'))).toBe('later.yaml:4:1: YAML error: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });
});

describe('nodes from JSON', () => {
  test.each([
    ['kubectl List', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node('a'), node('b')] }), 2],
    ['NodeList', JSON.stringify({ kind: 'NodeList', items: [node('a')] }), 1],
    ['JSON array', JSON.stringify([node('a'), node('b'), node('c')]), 3],
    ['single Node', JSON.stringify(node('a')), 1],
    ['array of nodes without kind', JSON.stringify([{ metadata: { name: 'a' } }]), 1],
  ])('%s', (_d, text, count) => {
    expect(nodesFromJson(text, 'nodes.json')).toHaveLength(count);
  });

  test.each([
    ['truncated.json', /truncated\.json:1:48: invalid JSON: Unexpected end of JSON input$/],
    ['trailing-comma.json', /trailing-comma\.json(:\d+:\d+)?: invalid JSON: /],
    ['pods.json', /pods\.json: item 0 \(node web-1\): kind: expected Node, found "Pod": this is not a Node list$/],
    ['nope.json', /nope\.json: cannot read: no such file or directory$/],
  ])('rejects %s', (file, message) => {
    expect(errorOf(() => loadNodes(fixture('invalid', file)))).toMatch(message);
  });

  test.each([
    ['a Deployment', '{"kind": "Deployment"}', 'x.json: expected a Node list (kubectl get nodes -o json), a JSON array of Node objects or a Node, found a Deployment'],
    ['an object', '{"items": 3}', 'found an object without kind and items'],
    ['a number', '42', 'found a JSON number'],
    ['null', 'null', 'found a JSON null'],
  ])('rejects %s', (_d, text, message) => {
    expect(errorOf(() => nodesFromJson(text, 'x.json'))).toContain(message);
  });

  test('the fixture inventory loads', () => {
    expect(loadNodes(fixture('nodes.json')).map(n => n.metadata.name)).toContain('cordoned-1');
  });
});

describe('input checks name the object and field', () => {
  test.each([
    [[{ metadata: { name: 'a' } }, { metadata: { name: 'a' } }], 'nodes: item 1 (node a): metadata.name: duplicate node name a (also item 0)'],
    [[{ metadata: {} }], 'nodes: item 0: metadata.name: a node needs a name'],
    [['x'], 'nodes: item 0: expected a Node object, found string "x"'],
    [[{ metadata: { name: 'a', labels: { zone: 1 } } }], 'nodes: item 0 (node a): metadata.labels.zone: expected a string, found number 1; quote the value in YAML'],
    [[{ metadata: { name: 'a' }, spec: { taints: { key: 'x' } } }], 'nodes: item 0 (node a): spec.taints: expected a list, found an object'],
  ])('node %#', (nodes, message) => {
    expect(errorOf(() => CoveragePlanner.plan([], nodes))).toBe(message);
  });

  const ds = (spec: any, metadata: any = { name: 'agent' }) => ({ kind: 'DaemonSet', metadata, spec });
  test.each([
    [ds({}), 'DaemonSet default/agent: spec.template.spec: a DaemonSet needs a pod template'],
    [ds({ template: { spec: {} } }, {}), 'DaemonSet #1: metadata.name: a DaemonSet needs a name'],
    [{ kind: 'Deployment', metadata: { name: 'web' } }, 'DaemonSet default/web: kind: expected DaemonSet, found "Deployment"'],
    [ds({ template: { spec: { nodeSelector: { gpu: true } } } }), 'DaemonSet default/agent: spec.template.spec.nodeSelector.gpu: expected a string, found boolean true; quote the value in YAML'],
    [ds({ template: { spec: { tolerations: { operator: 'Exists' } } } }), 'DaemonSet default/agent: spec.template.spec.tolerations: expected a list, found an object'],
    [ds({ template: { spec: { tolerations: [{ key: 'a', value: 1 }] } } }), 'spec.template.spec.tolerations[0].value: expected a string, found number 1'],
    [ds({ template: { spec: { hostNetwork: 'yes' } } }), 'spec.template.spec.hostNetwork: expected true or false, found string "yes"'],
    [ds({ template: { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: { key: 'a' } }] } } } } } }),
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions: expected a list, found an object'],
    [ds({ template: { spec: { containers: [{ name: 'c', ports: 9100 }] } } }), 'spec.template.spec.containers[0].ports: expected a list, found number 9100'],
  ])('DaemonSet %#', (manifest, message) => {
    expect(errorOf(() => CoveragePlanner.plan([manifest], [node('n')]))).toContain(message);
  });

  test('an unquoted YAML boolean in a nodeSelector is reported with the file and line', () => {
    expect(errorOf(() => CoveragePlanner.fromFiles([fixture('invalid', 'unquoted-bool.yaml')], fixture('nodes.json'))))
      .toBe(`${fixture('invalid', 'unquoted-bool.yaml')}:1: DaemonSet gpu/gpu-agent: spec.template.spec.nodeSelector.nvidia.com/gpu.present: expected a string, found boolean true; quote the value in YAML`);
  });
});

describe('folders on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planner-load-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('skips node_modules and ignores non-YAML files; follows a symlink loop only once', () => {
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    const one = 'kind: DaemonSet\nmetadata: {name: one}\n';
    write('b/one.YAML', one);
    write('a/two.yml', one.replace('one', 'two'));
    write('node_modules/pkg/ds.yaml', one.replace('one', 'vendored'));
    write('notes.md', 'kind: DaemonSet');
    fs.symlinkSync(dir, path.join(dir, 'a', 'loop'));
    expect(loadDaemonSets([dir]).map(d => d.manifest.metadata.name)).toEqual(['two', 'one']);
  });
});
