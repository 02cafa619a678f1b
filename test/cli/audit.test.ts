/** `cdk8s-daemonsets audit`, in process: output modes, the justification gate, bad input. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './run-cli';

const DIST = path.join(__dirname, '..', '..', 'dist');
const UNJUSTIFIED = path.join(__dirname, '..', 'audit', 'fixtures', 'unjustified.yaml');

function tempFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-')), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('audit', () => {
  test('the examples: six DaemonSets, every privilege justified, exit 0 even with the gate', () => {
    const r = cli(['audit', '--fail-on-unjustified', DIST]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/^DaemonSet /gm)).toHaveLength(6);
    expect(r.stdout.match(/every privilege is justified/g)).toHaveLength(6);
  });

  test('--json prints one document', () => {
    const r = cli(['audit', '--json', DIST]);
    const doc = JSON.parse(r.stdout);
    expect(doc.daemonSets.map((d: any) => `${d.namespace}/${d.name} ${d.level}`)).toEqual([
      'kube-flannel/flannel privileged', 'gpu-monitoring/dcgm-exporter privileged', 'logging/fluent-bit privileged', 'monitoring/node-exporter privileged',
      'falco/falco privileged', 'storage/aws-ebs-csi-driver privileged',
    ]);
  });

  test('--fail-on-unjustified exits 1 and says how many', () => {
    const r = cli(['audit', '--fail-on-unjustified', UNJUSTIFIED]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('9 privileges without a justification\n');
  });

  test('without the gate, unjustified privileges are reported but exit 0', () => {
    expect(cli(['audit', UNJUSTIFIED]).code).toBe(0);
  });

  test('--help', () => {
    const r = cli(['audit', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-daemonsets audit \[--json\] \[--fail-on-unjustified\] PATH\.\.\./);
  });

  test.each([
    [['audit'], /give at least one PATH/],
    [['audit', '--verbose', DIST], /unknown option --verbose/],
    [['audit', '/no/such/dir'], /\/no\/such\/dir: cannot read: no such file or directory/],
  ])('usage and input errors exit 2: %j', (argv, message) => {
    const r = cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('invalid YAML exits 2 naming the file and line', () => {
    const file = tempFile('bad.yaml', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: [unclosed\n');
    const r = cli(['audit', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: YAML error`));
  });

  test.each([
    ['--fail-on-unjustified=yes', 1],
    ['--fail-on-unjustified=true', 1],
    ['--fail-on-unjustified=false', 0],
    ['--fail-on-unjustified=no', 0],
  ])('%s', (flag, code) => {
    expect(cli(['audit', flag, UNJUSTIFIED]).code).toBe(code);
  });

  test('--json=false prints the report', () => {
    expect(cli(['audit', '--json=false', UNJUSTIFIED]).stdout).toMatch(/^DaemonSet /);
  });

  const daemonSet = (apiVersion: string, extra = '') => `apiVersion: ${apiVersion}
kind: DaemonSet
metadata: { name: agent, namespace: kube-system }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      containers: [{ name: agent, image: example.com/agent:1${extra} }]
`;

  test.each([
    ['extensions/v1beta1', daemonSet('extensions/v1beta1'), ':1: DaemonSet kube-system/agent: invalid apiVersion: "extensions/v1beta1". DaemonSets are served only as apps/v1 since Kubernetes 1.16'],
    ['a host port out of range', daemonSet('apps/v1', ', ports: [{ containerPort: 9100, hostPort: 70000 }]'),
      ':1: DaemonSet kube-system/agent: invalid spec.template.spec.containers[agent].ports[0].hostPort: 70000. Use a port number from 1 to 65535.'],
    ['the same DaemonSet twice', `${daemonSet('apps/v1')}---
${daemonSet('apps/v1')}`, ':11: DaemonSet kube-system/agent is given twice (also at '],
  ])('refuses %s, naming the file and line, in one line', (_d, text, message) => {
    const file = tempFile('ds.yaml', text);
    const r = cli(['audit', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cdk8s-daemonsets audit: ${file}${message}`);
    expect(r.stderr.trimEnd()).not.toContain('\n');
  });

  test('no DaemonSet exits 2', () => {
    const r = cli(['audit', tempFile('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no DaemonSet found in/);
  });
});
