/**
 * `plan`'s report at fleet size and `--verbose`, in process through `run(argv, io)`: the report
 * summarizes, `--verbose` lists every node, `--json` is the same document either way.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { cli } from './run-cli';
import { daemonSet, node } from '../planner/builders';

const FIXTURES = path.join(__dirname, '..', 'planner', 'fixtures');
const NODES = path.join(FIXTURES, 'nodes.json');
const DAEMONSETS = path.join(FIXTURES, 'daemonsets.yaml');

describe('plan: report size', () => {
  // 100 hostNetwork exporters on one port and 200 nodes, 50 of them Windows: a moderate clash.
  let dir: string;
  const nodesFile = () => path.join(dir, 'nodes.json');
  const manifests = () => path.join(dir, 'exporters.yaml');
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-report-'));
    const nodes = Array.from({ length: 200 }, (_, i) => node(`node-${i}`, { labels: { 'kubernetes.io/os': i < 50 ? 'windows' : 'linux' } }));
    fs.writeFileSync(nodesFile(), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes }));
    const exporters = Array.from({ length: 100 }, (_, i) => daemonSet(`exporter-${i}`, {
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      containers: [{ name: 'c', ports: [{ containerPort: 9100 }] }],
    }, {}, 'monitoring'));
    fs.writeFileSync(manifests(), exporters.map(d => stringify(d)).join('---\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the report: per DaemonSet a summary, the first 5 skipped nodes and one warning line', () => {
    const r = cli(['plan', '--nodes', nodesFile(), manifests()]);
    expect(r.code).toBe(0);
    const first = r.stdout.split('\n\n')[0].split('\n');
    expect(first).toEqual([
      `monitoring/exporter-0  ${manifests()}:1`,
      '  covers 150/200 nodes (75%)',
      '  runs on 0 of 150 intended nodes (0%); 50 nodes outside its selection',
      '  skips 50 nodes: NodeSelectorMismatch 50',
      ...[0, 1, 2, 3, 4].map(i => `  skip node-${i}  NodeSelectorMismatch  nodeSelector kubernetes.io/os=linux: node has kubernetes.io/os=windows`),
      '       and 45 more NodeSelectorMismatch',
      '  rollout: RollingUpdate over 150 nodes, maxUnavailable 1: 150 waves',
      '  may stay Pending on 150 of 150 covered nodes: HostPortConflict 150',
      expect.stringMatching(/^ {2}warning HostPortConflict on 150 of 150 covered nodes \(node-50, node-51, node-52, and 147 more\): hostPort 9100\/TCP also claimed by 99 other DaemonSets, /),
    ]);
    // 13 lines and an empty one each, then the footprint table: a title, column names, one pool
    expect(r.stdout.split('\n')).toHaveLength(100 * 14 + 4);
  });

  test('--verbose lists every skipped node and every warning', () => {
    const r = cli(['plan', '--verbose', '--nodes', nodesFile(), manifests()]);
    expect(r.code).toBe(0);
    const first = r.stdout.split('\n\n')[0].split('\n');
    expect(first.filter(l => l.startsWith('  skip '))).toHaveLength(50);
    expect(first.filter(l => l.startsWith('  warning '))).toHaveLength(150);
    expect(first).toContain('  warning node-199  HostPortConflict  hostPort 9100/TCP also claimed by 99 other DaemonSets, which run on this node too '
      + '(monitoring/exporter-1, monitoring/exporter-2, monitoring/exporter-3, monitoring/exporter-4, monitoring/exporter-5, and 94 more); '
      + 'one pod holds the port and the others that clash with it stay Pending');
  });

  test('--json has every warning: one per DaemonSet and covered node', () => {
    const doc = JSON.parse(cli(['plan', '--json', '--nodes', nodesFile(), manifests()]).stdout);
    expect(doc.daemonSets.map((d: any) => d.warnings.length)).toEqual(Array(100).fill(150));
  });
});

describe('plan: --verbose', () => {
  test('-v is --verbose', () => {
    expect(cli(['plan', '-v', '--nodes', NODES, DAEMONSETS])).toEqual(cli(['plan', '--verbose', '--nodes', NODES, DAEMONSETS]));
  });

  test('lists each warning with its node on the fixture cluster', () => {
    const r = cli(['plan', '--verbose', '--nodes', NODES, DAEMONSETS]);
    expect(r.stdout).toContain('  warning small-1  InsufficientResources  the pod requests cpu 300m but the node\'s allocatable is cpu 250m; it stays Pending\n');
  });

  test('rejects --verbose with --json, saying why', () => {
    const r = cli(['plan', '--json', '--verbose', '--nodes', NODES, DAEMONSETS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-daemonsets plan: --verbose is for the report; --json always has every node and every warning\nRun \'cdk8s-daemonsets plan --help\' for usage.\n');
  });
});
