/**
 * `cdk8s-daemonsets plan`, in process through `run(argv, io)`: output modes, the coverage gate,
 * usage and input errors with their exit codes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './run-cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PKG_VERSION: string = require('../../package.json').version;

const FIXTURES = path.join(__dirname, '..', 'planner', 'fixtures');
const NODES = path.join(FIXTURES, 'nodes.json');
const DAEMONSETS = path.join(FIXTURES, 'daemonsets.yaml');
const FOLDER = path.join(FIXTURES, 'folder');
const invalid = (file: string) => path.join(FIXTURES, 'invalid', file);

describe('plan: output', () => {
  test('human report for a file and a folder', () => {
    const r = cli(['plan', '--nodes', NODES, DAEMONSETS, FOLDER]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`monitoring/node-exporter  ${DAEMONSETS}:8\n  covers 9/10 nodes (90%)\n  runs on 4 of 9 intended nodes (44.4%); 1 node outside its selection\n  skips 1 node: NodeSelectorMismatch 1\n  skip win-1  NodeSelectorMismatch  nodeSelector kubernetes.io/os=linux: node has kubernetes.io/os=windows\n`);
    expect(r.stdout).toContain('  skip notready-1    UntoleratedNoScheduleTaint  taint node.kubernetes.io/not-ready:NoSchedule is not tolerated;');
    expect(r.stdout).toContain('warning HostPortConflict on 5 of 9 covered nodes (worker-1, worker-2, arm-1, and 2 more)');
    expect(r.stdout).not.toContain('\u001b[');
  });

  test('--json prints exactly one JSON document with the documented shape', () => {
    const r = cli(['plan', '--json', `--nodes=${NODES}`, DAEMONSETS]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.daemonSets.map((d: any) => `${d.namespace}/${d.name}`)).toEqual(['monitoring/node-exporter', 'logging/fluent-bit']);
    expect(doc.daemonSets[1].nodes.find((n: any) => n.node === 'arm-1')).toEqual({
      node: 'arm-1',
      shouldRun: false,
      shouldContinueRunning: false,
      reason: 'NodeAffinityMismatch',
      message: 'required node affinity: term 1: kubernetes.io/arch In [amd64]: node has kubernetes.io/arch=arm64',
      intended: false,
    });
    expect(doc.daemonSets[1]).toMatchObject({ coveredNodes: 4, intendedNodes: 8, runningNodes: 3, notices: [] });
    expect(doc.daemonSets[1].warnings).toEqual([
      { kind: 'InsufficientResources', node: 'small-1', message: 'the pod requests cpu 300m but the node\'s allocatable is cpu 250m; it stays Pending' },
    ]);
  });

  test.each([
    ['a TTY', { isTTY: true, env: {} }, true],
    ['a TTY with NO_COLOR', { isTTY: true, env: { NO_COLOR: '1' } }, false],
    ['a TTY with an empty NO_COLOR', { isTTY: true, env: { NO_COLOR: '' } }, true],
    ['a pipe', { isTTY: false, env: {} }, false],
  ])('colour on %s: %s', (_d, opts, coloured) => {
    expect(cli(['plan', '--nodes', NODES, DAEMONSETS], opts).stdout.includes('\u001b[')).toBe(coloured);
  });

  test.each([
    ['--json=true', true], ['--json=yes', true], ['--json=1', true], ['--json=TRUE', true],
    ['--json=false', false], ['--json=no', false], ['--json=0', false],
  ])('%s', (flag, json) => {
    const r = cli(['plan', flag, '--nodes', NODES, DAEMONSETS]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('{')).toBe(json);
  });

  test('a switch does not take the next argument: it is a PATH', () => {
    const r = cli(['plan', '--nodes', NODES, '--json', DAEMONSETS]);
    expect(JSON.parse(r.stdout).daemonSets).toHaveLength(2);
  });

  test('--json is never coloured', () => {
    expect(cli(['plan', '--json', '--nodes', NODES, DAEMONSETS], { isTTY: true }).stdout).not.toContain('\u001b[');
  });
});

describe('plan: --require-coverage', () => {
  test.each([
    // pct, exit code, DaemonSets named on stderr (of their intended nodes, node-exporter runs on
    // 9/9, fluent-bit on 3/8: its other 2 nodes are outside its selection)
    ['37', 0, []],
    ['37.5%', 0, []],
    ['37.6', 1, ['logging/fluent-bit runs on 3 of its 8 intended nodes (37.5%)']],
    ['90', 1, ['logging/fluent-bit']],
    ['0', 0, []],
    ['100', 1, ['logging/fluent-bit']],
    ['.5', 0, []],
    ['0.5', 0, []],
    ['50%', 1, ['logging/fluent-bit']],
    ['37.', 0, []],
    ['100%', 1, ['logging/fluent-bit']],
  ])('%s%% → exit %d', (pct, code, named) => {
    const r = cli(['plan', '--nodes', NODES, '--require-coverage', pct, DAEMONSETS]);
    expect(r.code).toBe(code);
    for (const n of named) expect(r.stderr).toContain(n);
    if (code === 0) expect(r.stderr).toBe('');
    else expect(r.stderr).toMatch(/^coverage below /);
  });

  test('--require-coverage=PCT is the same option', () => {
    const r = cli(['plan', '--nodes', NODES, '--require-coverage=50', DAEMONSETS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^coverage below 50%: logging\/fluent-bit runs on 3 of its 8 intended nodes \(37.5%\); not on cp-1 \(UntoleratedNoScheduleTaint: [^\n]*\n$/);
  });

  test('names each intended node the DaemonSet misses and why; nodes outside its selection pass', () => {
    const r = cli(['plan', '--nodes', NODES, '--require-coverage', '100', DAEMONSETS]);
    expect(r.code).toBe(1);
    // node-exporter's node selection leaves out the Windows node: 9 of 9, not counted against it.
    expect(r.stderr).not.toContain('node-exporter');
    expect(r.stderr).toContain('gpu-1 (UntoleratedNoScheduleTaint: taint nvidia.com/gpu=present:NoSchedule is not tolerated; an existing pod is kept)');
    expect(r.stderr).toContain('small-1 (InsufficientResources: the pod requests cpu 300m but the node\'s allocatable is cpu 250m; it stays Pending)');
    expect(r.stderr).not.toContain('arm-1');
  });

  test('with --json the gate message goes to stderr and stdout stays one document', () => {
    const r = cli(['plan', '--json', '--require-coverage', '95', '--nodes', NODES, DAEMONSETS]);
    expect(r.code).toBe(1);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr.split('\n').map(l => l.split(';')[0])).toEqual(['coverage below 95%: logging/fluent-bit runs on 3 of its 8 intended nodes (37.5%)', '']);
  });
});

test('plan: RuntimeClasses among the manifests add their pod overhead; the gate then names the node', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-runtime-class-'));
  try {
    const manifests = path.join(dir, 'app.yaml');
    const agent = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'sandboxed', namespace: 'agents' },
      spec: {
        selector: { matchLabels: { app: 'sandboxed' } },
        template: {
          metadata: { labels: { app: 'sandboxed' } },
          spec: { runtimeClassName: 'kata', containers: [{ name: 'c', image: 'example.com/a:1', resources: { requests: { cpu: '100m' } } }] },
        },
      },
    };
    const kata = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata' }, handler: 'kata', overhead: { podFixed: { cpu: '200m' } } };
    const nodes = path.join(dir, 'nodes.json');
    fs.writeFileSync(nodes, JSON.stringify([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable: { cpu: '250m', memory: '1Gi', pods: '110' } } }]));
    fs.writeFileSync(manifests, JSON.stringify(agent));
    expect(cli(['plan', '--nodes', nodes, '--require-coverage', '100', manifests]).code).toBe(0);
    fs.writeFileSync(manifests, `${JSON.stringify(kata)}\n---\n${JSON.stringify(agent)}`);
    const r = cli(['plan', '--nodes', nodes, '--require-coverage', '100', manifests]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('coverage below 100%: agents/sandboxed runs on 0 of its 1 intended nodes (0%); '
      + 'not on n1 (InsufficientResources: the pod requests cpu 300m but the node\'s allocatable is cpu 250m; it stays Pending)\n');
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

describe('plan: usage and input errors exit 2 with one message', () => {
  test.each([
    ['no --nodes', ['plan', DAEMONSETS], 'cdk8s-daemonsets plan: --nodes NODES is required (e.g. kubectl get nodes -o json > nodes.json)\nRun \'cdk8s-daemonsets plan --help\' for usage.\n'],
    ['--nodes without a value', ['plan', DAEMONSETS, '--nodes'], 'cdk8s-daemonsets plan: --nodes needs a value\n'],
    ['no PATH', ['plan', '--nodes', NODES], 'give at least one PATH'],
    ['unknown option', ['plan', '--nodes', NODES, '--frobnicate', DAEMONSETS], 'cdk8s-daemonsets plan: unknown option --frobnicate\n'],
    ['unknown option with a value', ['plan', '--nodes', NODES, '--frobnicate=1', DAEMONSETS], 'cdk8s-daemonsets plan: unknown option --frobnicate\n'],
    ['bad percentage', ['plan', '--nodes', NODES, '--require-coverage', 'most', DAEMONSETS], '--require-coverage: "most" is not a percentage from 0 to 100 (e.g. 95, 99.5 or 50%)'],
    ['percentage above 100', ['plan', '--nodes', NODES, '--require-coverage', '101', DAEMONSETS], '"101" is not a percentage from 0 to 100'],
    ['a negative percentage', ['plan', '--nodes', NODES, '--require-coverage=-5', DAEMONSETS], '"-5" is not a percentage from 0 to 100'],
    ['a percentage with two dots', ['plan', '--nodes', NODES, '--require-coverage=1.2.3', DAEMONSETS], '"1.2.3" is not a percentage'],
    ['a switch with a value that is not a boolean', ['plan', '--json=maybe', '--nodes', NODES, DAEMONSETS], 'cdk8s-daemonsets plan: --json is a switch: give it alone, or as --json=true or --json=false (not "maybe")\n'],
    ['a value that looks like an option', ['plan', '--nodes', '--json', DAEMONSETS], 'cdk8s-daemonsets plan: --nodes needs a value (found the option --json after it)\n'],
    ['an empty = value', ['plan', '--nodes=', DAEMONSETS], 'cdk8s-daemonsets plan: --nodes needs a value\n'],
    ['an empty separate value', ['plan', '--nodes', '', DAEMONSETS], 'cdk8s-daemonsets plan: --nodes needs a value\n'],
    ['--require-coverage without a value', ['plan', '--nodes', NODES, DAEMONSETS, '--require-coverage'], 'cdk8s-daemonsets plan: --require-coverage needs a value\n'],
    ['an option given twice', ['plan', '--nodes', NODES, `--nodes=${NODES}`, DAEMONSETS], `cdk8s-daemonsets plan: --nodes is given twice ("${NODES}" and "${NODES}"); give it once\n`],
    ['standard input twice', ['plan', '--nodes', '-', '-'], 'cdk8s-daemonsets plan: only one of --nodes and PATH may be - (standard input)\n'],
    ['YAML syntax error', ['plan', '--nodes', NODES, invalid('bad-indent.yaml')], `cdk8s-daemonsets plan: ${invalid('bad-indent.yaml')}:9:3: YAML error: Flow map in block collection must be sufficiently indented and end with a }\n`],
    ['missing PATH', ['plan', '--nodes', NODES, invalid('nothing-here')], `${invalid('nothing-here')}: cannot read: no such file or directory (ENOENT)`],
    ['nodes file missing', ['plan', '--nodes', invalid('none.json'), DAEMONSETS], `${invalid('none.json')}: cannot read: no such file or directory (ENOENT)`],
    ['nodes file of manifests', ['plan', '--nodes', DAEMONSETS, DAEMONSETS], `${DAEMONSETS}:2: expected a Node list (kubectl get nodes -o json or -o yaml), a list of Node objects or a Node, found a ServiceAccount\n`],
    ['nodes file is a folder', ['plan', '--nodes', FIXTURES, DAEMONSETS], `${FIXTURES}: cannot read: it is a folder, not a regular file; give a file\n`],
    ['nodes file truncated', ['plan', '--nodes', invalid('truncated.json'), DAEMONSETS], `${invalid('truncated.json')}:1:48: invalid JSON: Unexpected end of JSON input`],
    ['not a Node list', ['plan', '--nodes', invalid('pods.json'), DAEMONSETS], 'pods.json: item 0 (node web-1): kind: expected Node, found "Pod": this is not a Node list'],
    ['an empty inventory', ['plan', '--nodes', invalid('empty-list.json'), DAEMONSETS], 'empty-list.json: contains no nodes; there is nothing to plan against'],
    ['no DaemonSet in the paths', ['plan', '--nodes', NODES, invalid('no-daemonsets.yaml')], `no DaemonSet found in ${invalid('no-daemonsets.yaml')}`],
    ['a manifest the API server rejects', ['plan', '--nodes', NODES, invalid('surge-only.yaml')], `${invalid('surge-only.yaml')}:2: DaemonSet default/surging: invalid spec.updateStrategy.rollingUpdate.maxSurge: 1. maxSurge may be set only when maxUnavailable is 0.\n`],
    ['the same file twice', ['plan', '--nodes', NODES, DAEMONSETS, DAEMONSETS], `${DAEMONSETS}:8: DaemonSet monitoring/node-exporter is read twice: the file is named twice, or named and inside a folder also named; give it once\n`],
  ])('%s', (_d, argv, message) => {
    const r = cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('dispatcher', () => {
  test.each([
    [['--help'], 0, 'stdout'],
    [['help'], 0, 'stdout'],
    [[], 2, 'stderr'],
    [['frobnicate'], 2, 'stderr'],
  ])('%j exits %d with usage on %s', (argv, code, stream) => {
    const r = cli(argv);
    expect(r.code).toBe(code);
    const out = stream === 'stdout' ? r.stdout : r.stderr;
    expect(out).toContain('Usage: cdk8s-daemonsets <command> [options]');
    expect(out).toContain('  plan   which nodes get each DaemonSet\'s pod');
    expect(out).toContain('  audit  the Pod Security level, the privileges and their justifications');
  });

  test.each([['--version'], ['-V']])('%s prints the package version and exits 0', flag => {
    const r = cli([flag]);
    expect(r).toEqual({ code: 0, stdout: `cdk8s-daemonsets ${PKG_VERSION}\n`, stderr: '' });
  });

  test('unknown command is named', () => {
    expect(cli(['frobnicate']).stderr).toMatch(/^cdk8s-daemonsets: unknown command "frobnicate"/);
  });

  test.each([['--help'], ['-h']])('plan %s prints the plan usage and exits 0', flag => {
    const r = cli(['plan', flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-daemonsets plan --nodes NODES \[--json \| --verbose\] \[--require-coverage PCT\] PATH\.\.\./);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 coverage below --require-coverage, 2 bad usage or bad input.');
  });

  test('-- ends options', () => {
    const r = cli(['plan', '--nodes', NODES, '--', DAEMONSETS]);
    expect(r.code).toBe(0);
  });
});
