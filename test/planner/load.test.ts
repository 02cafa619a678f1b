/**
 * Reading input: DaemonSets from YAML files and folders, nodes from kubectl JSON or YAML. Bad input fails
 * with one message naming the file (and the line for syntax errors).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { errorOf, node } from './builders';
import { CoveragePlanner } from '../../src/planner';
import { daemonSetsFromYaml, loadDaemonSets, loadNodes, loadObjects, nodesFromText } from '../../src/planner/load';

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
    ['missing.yaml', /missing\.yaml: cannot read: no such file or directory \(ENOENT\)$/],
  ])('rejects %s with file and line', (file, message) => {
    expect(errorOf(() => loadDaemonSets([fixture('invalid', file)]))).toMatch(message);
  });

  test('YAML 1.1 as kubectl reads it: yes/on/y are booleans, 0644 is octal; 12:30 and dates stay strings', () => {
    const [ds] = daemonSetsFromYaml('kind: DaemonSet\nmetadata: {name: a}\nx: [yes, on, y, No, 0644, 12:30, 2024-01-01, nginx:1.25, 1e3]\n', 'f.yaml');
    expect(ds.manifest.x).toEqual([true, true, true, false, 420, '12:30', '2024-01-01', 'nginx:1.25', 1000]);
  });

  test('so an unquoted yes in a nodeSelector is refused, as the API server would', () => {
    const text = [
      'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: a}', 'spec:', '  selector: {matchLabels: {app: a}}', '  template:',
      '    metadata: {labels: {app: a}}', '    spec:', '      containers: [{name: c, image: "example.com/c:1"}]', '      nodeSelector: {gpu: yes}', '',
    ].join('\n');
    const [ds] = daemonSetsFromYaml(text, 'f.yaml');
    expect(errorOf(() => CoveragePlanner.plan([ds.manifest], [node('n')]))).toBe('DaemonSet default/a: invalid spec.template.spec.nodeSelector[gpu]: true. Label values are strings (quote them in YAML).');
  });

  test('rejects duplicate keys (the API server would too)', () => {
    expect(errorOf(() => daemonSetsFromYaml('kind: DaemonSet\nmetadata: {name: a}\nkind: DaemonSet\n', 'dup.yaml'))).toBe('dup.yaml:3:1: YAML error: Map keys must be unique');
  });

  test.each([
    ['a list', 'kind: DaemonSet\nmetadata:\n  ? [a, b]\n  : 1\n', 'k.yaml:3:5: YAML error: a mapping key is a list or a map; kubectl accepts only plain keys (strings, numbers)'],
    ['a flow map', 'kind: DaemonSet\nspec: {{a: 1}: 2}\n', 'k.yaml:2:8: YAML error: a mapping key is a list or a map'],
    ['an alias to a list', 'a: &x [1]\n*x : 2\n', 'k.yaml:2:1: YAML error: a mapping key is a list or a map'],
  ])('rejects a mapping key that is %s (kubectl does), naming the line', (_d, text, message) => {
    expect(errorOf(() => daemonSetsFromYaml(text, 'k.yaml'))).toContain(message);
  });

  test('the YAML line of an error in a later document', () => {
    expect(errorOf(() => daemonSetsFromYaml('kind: DaemonSet\n---\na: [1\n', 'later.yaml'))).toBe('later.yaml:4:1: YAML error: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });
});

describe('node inventories in JSON or YAML', () => {
  const yamlNode = (name: string, indent = '') => `${indent}apiVersion: v1\n${indent}kind: Node\n${indent}metadata:\n${indent}  name: ${name}\n`;
  test.each([
    ['kubectl List', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node('a'), node('b')] }), 2],
    ['NodeList', JSON.stringify({ kind: 'NodeList', items: [node('a')] }), 1],
    ['JSON array', JSON.stringify([node('a'), node('b'), node('c')]), 3],
    ['single Node', JSON.stringify(node('a')), 1],
    ['array of nodes without kind', JSON.stringify([{ metadata: { name: 'a' } }]), 1],
    ['JSON after blank lines', `\n\n  ${JSON.stringify([node('a')])}`, 1],
    ['kubectl get nodes -o yaml', `apiVersion: v1\nitems:\n- ${yamlNode('a', '  ').trimStart()}- ${yamlNode('b', '  ').trimStart()}kind: List\nmetadata:\n  resourceVersion: ""\n`, 2],
    ['a YAML NodeList', `kind: NodeList\nitems:\n- ${yamlNode('a', '  ').trimStart()}`, 1],
    ['a single YAML Node', yamlNode('a'), 1],
    ['YAML Node documents, taken together', `${yamlNode('a')}---\n${yamlNode('b')}---\n`, 2],
    ['a YAML list of nodes', `- ${yamlNode('a', '  ').trimStart()}- ${yamlNode('b', '  ').trimStart()}`, 2],
    ['an empty YAML text', '# no nodes\n', 0],
    ['YAML null', 'null\n', 0],
  ])('%s', (_d, text, count) => {
    expect(nodesFromText(text, 'nodes')).toHaveLength(count);
  });

  test.each([
    ['truncated.json', /truncated\.json:1:48: invalid JSON: Unexpected end of JSON input$/],
    ['trailing-comma.json', /trailing-comma\.json(:\d+:\d+)?: invalid JSON: /],
    ['pods.json', /pods\.json: item 0 \(node web-1\): kind: expected Node, found "Pod": this is not a Node list$/],
    ['nope.json', /nope\.json: cannot read: no such file or directory \(ENOENT\)$/],
  ])('rejects %s', (file, message) => {
    expect(errorOf(() => loadNodes(fixture('invalid', file)))).toMatch(message);
  });

  test.each([
    ['a Deployment', '{"kind": "Deployment"}', 'x: expected a Node list (kubectl get nodes -o json or -o yaml), a list of Node objects or a Node, found a Deployment'],
    ['an object', '{"items": 3}', 'x: expected a Node list (kubectl get nodes -o json or -o yaml), a list of Node objects or a Node, found an object without kind and items'],
    ['a number', '42', 'x:1: expected a Node list (kubectl get nodes -o json or -o yaml), a list of Node objects or a Node, found a number'],
    ['a YAML document of another kind, by its line', `${yamlNode('a')}---\n# a comment\nkind: Pod\n`, 'x:7: expected a Node list (kubectl get nodes -o json or -o yaml), a list of Node objects or a Node, found a Pod'],
    ['JSON that is not JSON', '{kind: List}', 'x:1:2: invalid JSON: Expected property name or \'}\''],
    ['a YAML syntax error', 'kind: List\nitems: [\n', 'x:3:1: YAML error: '],
  ])('rejects %s', (_d, text, message) => {
    expect(errorOf(() => nodesFromText(text, 'x'))).toContain(message);
  });

  test('the fixture inventory loads', () => {
    expect(loadNodes(fixture('nodes.json')).map(n => n.metadata.name)).toContain('cordoned-1');
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

describe('an object given twice is refused, naming both places', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planner-dup-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const ds = (name: string, namespace?: string) => `---\nkind: DaemonSet\nmetadata:\n  name: ${name}\n${namespace === undefined ? '' : `  namespace: "${namespace}"\n`}`;

  test('the same file named twice', () => {
    const file = write('a.yaml', ds('agent'));
    expect(errorOf(() => loadDaemonSets([file, file])))
      .toBe(`${file}:2: DaemonSet default/agent is read twice: the file is named twice, or named and inside a folder also named; give it once`);
  });

  test('a folder and a file in it', () => {
    const file = write('a.yaml', ds('agent'));
    expect(errorOf(() => loadDaemonSets([dir, file]))).toContain('is read twice');
  });

  test.each([
    ['no namespace and "default"', ds('agent'), ds('agent', 'default')],
    ['an empty namespace and none', ds('agent', ''), ds('agent')],
    ['the same namespace', ds('agent', 'monitoring'), ds('agent', 'monitoring')],
  ])('two files: %s', (_d, first, second) => {
    const a = write('a.yaml', first);
    const b = write('b.yaml', `# second\n${second}`);
    expect(errorOf(() => loadDaemonSets([a, b]))).toMatch(new RegExp(`^${b.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: DaemonSet \\S+/agent is given twice \\(also at ${a.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2\\); the cluster holds one object per kind, namespace and name$`));
  });

  test('in one file, and inside a List', () => {
    const file = write('a.yaml', `${ds('agent')}---\nkind: List\nitems:\n  - kind: DaemonSet\n    metadata: {name: agent}\n`);
    expect(errorOf(() => loadDaemonSets([file]))).toBe(`${file}:8: DaemonSet default/agent is given twice (also at ${file}:2); the cluster holds one object per kind, namespace and name`);
  });

  test('other namespaces and other kinds are other objects', () => {
    const file = write('a.yaml', `${ds('agent', 'a')}${ds('agent', 'b')}---\nkind: ServiceAccount\nmetadata: {name: agent, namespace: a}\n`);
    expect(loadObjects([file], () => true)).toHaveLength(3);
  });

  test('a cluster-scoped object has no namespace', () => {
    const file = write('a.yaml', '---\nkind: ClusterRole\nmetadata: {name: r}\n---\nkind: ClusterRole\nmetadata: {name: r, namespace: x}\n');
    expect(errorOf(() => loadObjects([file], () => true))).toBe(`${file}:5: ClusterRole r is given twice (also at ${file}:2); the cluster holds one object per kind, namespace and name`);
  });
});
