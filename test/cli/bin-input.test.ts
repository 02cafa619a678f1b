/**
 * Hostile and unusual input through the built bin, as a user meets it (`npm test` compiles
 * first): devices, FIFOs, standard input, encodings, links, permissions, manifests the API server
 * refuses, option spellings. Every failure exits 2 with one line naming the file, never hangs,
 * never prints a stack trace or "internal error".
 */
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'lib', 'cli', 'main.js');
const FIXTURES = path.join(ROOT, 'test', 'planner', 'fixtures');
const NODES = path.join(FIXTURES, 'nodes.json');
const DAEMONSETS = path.join(FIXTURES, 'daemonsets.yaml');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function bin(args: string[], options: SpawnSyncOptions = {}): Run {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} does not exist: run 'npx projen compile' before these tests`);
  // A hang is a failure: the timeout kills it, and the null exit code fails the test.
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' }, ...options });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Exit 2, nothing on stdout, and exactly one line on stderr: the message. */
function expectOneLineFailure(r: Run, command: string, message: string): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  expect(r.stderr).toBe(`cdk8s-daemonsets ${command}: ${message}\n`);
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-input-'));
});
afterEach(() => {
  fs.chmodSync(dir, 0o700);
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const ONLY_REGULAR = 'not a regular file; give a regular file, or - to read standard input (e.g. kubectl get nodes -o json | cdk8s-daemonsets plan --nodes - dist/)';

describe('only regular files, of a stated size', () => {
  test.each([
    ['--nodes /dev/zero', ['plan', '--nodes', '/dev/zero', DAEMONSETS]],
    ['PATH /dev/zero', ['plan', '--nodes', NODES, '/dev/zero']],
    ['audit /dev/zero', ['audit', '/dev/zero']],
  ])('%s is refused at once, not read forever', (_d, args) => {
    expectOneLineFailure(bin(args), args[0], `/dev/zero: cannot read: it is a character device, ${ONLY_REGULAR}`);
  });

  test('a FIFO is refused without waiting for a writer', () => {
    const fifo = path.join(dir, 'nodes.json');
    execFileSync('mkfifo', [fifo]);
    expectOneLineFailure(bin(['plan', '--nodes', fifo, DAEMONSETS]), 'plan', `${fifo}: cannot read: it is a named pipe (FIFO), ${ONLY_REGULAR}`);
  });

  test('a file over 256 MiB that is not a JSON node inventory is refused by its size', () => {
    const big = path.join(dir, 'nodes.json');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 300 * 1024 * 1024);
    expectOneLineFailure(bin(['plan', '--nodes', big, DAEMONSETS]), 'plan', `${big}: the input is 300.0 MiB, more than the 256 MiB the CLI reads from one file; split it into several files`);
  });

  // Writes and plans 300 MiB (about 15 s on two cores): `npx projen test:long` runs it.
  (process.env.CLI_BIG_INPUTS ? test : test.skip)('a node inventory in JSON over 256 MiB is read, one node at a time', () => {
    // 300 nodes, each after 1 MiB of whitespace: 300 MiB, and no node larger than a few bytes.
    const file = path.join(dir, 'nodes.json');
    const fd = fs.openSync(file, 'w');
    try {
      const blank = ' '.repeat(2 ** 20);
      fs.writeSync(fd, '{"kind": "List", "items": [');
      for (let i = 0; i < 300; i++) fs.writeSync(fd, `${i === 0 ? '' : ','}${blank}{"kind": "Node", "metadata": {"name": "n${i}"}}`);
      fs.writeSync(fd, ']}');
    } finally {
      fs.closeSync(fd);
    }
    const r = bin(['plan', '--json', '--nodes', file, DAEMONSETS]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).daemonSets[0].nodes).toHaveLength(300);
  });

  test('a node inventory over 1 GiB is refused by its size', () => {
    const big = path.join(dir, 'nodes.json');
    fs.writeFileSync(big, '[');
    fs.truncateSync(big, 1100 * 1024 * 1024);
    expectOneLineFailure(bin(['plan', '--nodes', big, DAEMONSETS]), 'plan',
      `${big}: the input is 1100.0 MiB, more than the 1024 MiB the CLI reads from a JSON node list; plan a part of the fleet at a time (e.g. kubectl get nodes -l SELECTOR -o json)`);
  });

  test('an endless standard input is cut at 256 MiB', () => {
    const zero = fs.openSync('/dev/zero', 'r');
    try {
      const r = bin(['plan', '--nodes', '-', DAEMONSETS], { stdio: [zero, 'pipe', 'pipe'] });
      expectOneLineFailure(r, 'plan', '<stdin>: the input is more than the 256 MiB the CLI reads from one file; split it into several files');
    } finally {
      fs.closeSync(zero);
    }
  });

  test('a symbolic link loop names the link', () => {
    const loop = path.join(dir, 'loop.yaml');
    fs.symlinkSync(loop, loop);
    expectOneLineFailure(bin(['plan', '--nodes', NODES, dir]), 'plan', `${loop}: cannot read: too many levels of symbolic links (a symbolic link loop?) (ELOOP)`);
  });

  // Root reads everything: there the walk's handling of EACCES is covered in process (read-input.test.ts).
  const asUser = process.getuid?.() === 0 ? test.skip : test;
  asUser('an unreadable subfolder names the folder', () => {
    const locked = path.join(dir, 'locked');
    write('locked/ds.yaml', 'kind: DaemonSet\n');
    fs.chmodSync(locked, 0o000);
    try {
      expectOneLineFailure(bin(['plan', '--nodes', NODES, dir]), 'plan', `${locked}: cannot read: permission denied (EACCES)`);
    } finally {
      fs.chmodSync(locked, 0o700);
    }
  });
});

describe('standard input and node inventories in JSON or YAML', () => {
  const yamlInventory = fs.readFileSync(NODES, 'utf8'); // JSON is YAML too, but kubectl -o yaml is block style:
  const kubectlYaml = `apiVersion: v1
items:
${JSON.parse(yamlInventory).items.map((n: any) => `- apiVersion: v1
  kind: Node
  metadata:
    name: ${n.metadata.name}
    labels:
${Object.entries(n.metadata.labels ?? {}).map(([k, v]) => `      ${k}: "${String(v)}"`).join('\n')}
  spec:
    taints:${(n.spec?.taints ?? []).length === 0 ? ' []' : ''}
${(n.spec?.taints ?? []).map((t: any) => `    - key: ${t.key}\n      effect: ${t.effect}${t.value ? `\n      value: "${t.value}"` : ''}`).join('\n')}
  status:
    allocatable:
${Object.entries(n.status?.allocatable ?? { pods: '110' }).map(([k, v]) => `      ${k}: "${String(v)}"`).join('\n')}`).join('\n')}
kind: List
metadata:
  resourceVersion: ""
`;

  const json = (r: Run) => JSON.parse(r.stdout).daemonSets.map((d: any) => `${d.name} ${d.nodes.filter((n: any) => n.shouldRun).length}/${d.nodes.length}`);
  const expected = ['node-exporter 9/10', 'fluent-bit 4/10'];

  test('kubectl get nodes -o yaml, from a file', () => {
    expect(json(bin(['plan', '--json', '--nodes', write('nodes.yaml', kubectlYaml), DAEMONSETS]))).toEqual(expected);
  });

  test('--nodes - reads the inventory from standard input (JSON or YAML)', () => {
    expect(json(bin(['plan', '--json', '--nodes', '-', DAEMONSETS], { input: fs.readFileSync(NODES) }))).toEqual(expected);
    expect(json(bin(['plan', '--json', '--nodes=-', DAEMONSETS], { input: kubectlYaml }))).toEqual(expected);
  });

  test('PATH - reads manifests from standard input, named <stdin> with the line', () => {
    const r = bin(['plan', '--nodes', NODES, '-'], { input: fs.readFileSync(DAEMONSETS) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<stdin>:8');
    expect(r.stdout).toContain('<stdin>:39');
    const audit = bin(['audit', '--json', '-'], { input: fs.readFileSync(DAEMONSETS) });
    expect(JSON.parse(audit.stdout).daemonSets).toHaveLength(2);
  });

  test('standard input may be read once', () => {
    const r = bin(['plan', '--nodes', '-', '-'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-daemonsets plan: only one of --nodes and PATH may be - \(standard input\)\n/);
  });

  test('a UTF-8 byte-order mark is skipped', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const nodes = write('nodes.json', Buffer.concat([bom, fs.readFileSync(NODES)]));
    const manifests = write('ds.yaml', Buffer.concat([bom, fs.readFileSync(DAEMONSETS)]));
    expect(json(bin(['plan', '--json', '--nodes', nodes, manifests]))).toEqual(expected);
  });

  test('UTF-16 (as Windows PowerShell 5 redirects it) is refused saying so', () => {
    const nodes = write('nodes.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fs.readFileSync(NODES, 'utf8'), 'utf16le')]));
    expectOneLineFailure(bin(['plan', '--nodes', nodes, DAEMONSETS]), 'plan',
      `${nodes}: the file is UTF-16 (little-endian, with a byte-order mark), not UTF-8; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8, or Out-File -Encoding utf8 in PowerShell)`);
  });

  test('other invalid UTF-8 names the line', () => {
    const file = write('ds.yaml', Buffer.concat([fs.readFileSync(DAEMONSETS), Buffer.from('# caf\xe9\n', 'latin1')]));
    const line = fs.readFileSync(DAEMONSETS, 'utf8').split('\n').length;
    const offset = fs.statSync(DAEMONSETS).size + 5;
    expectOneLineFailure(bin(['plan', '--nodes', NODES, file]), 'plan', `${file}:${line}: not valid UTF-8 (byte 0xE9 at offset ${offset}); save the file as UTF-8`);
  });

  test('YAML nested too deeply is refused, not a crash', () => {
    const file = write('deep.yaml', `${'['.repeat(100_000)}\n`);
    expectOneLineFailure(bin(['plan', '--nodes', NODES, file]), 'plan',
      `${file}:1: YAML nested too deeply (more than 400 levels of brackets, indentation and list items); Kubernetes objects nest far less`);
  });
});

describe('DaemonSets the API server refuses', () => {
  const manifest = (overrides: { apiVersion?: string | null; pod?: string; container?: string }) => `# an agent
${overrides.apiVersion === null ? '' : `apiVersion: ${overrides.apiVersion ?? 'apps/v1'}\n`}kind: DaemonSet
metadata: { name: agent, namespace: monitoring }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
${overrides.pod ?? ''}      containers:
        - name: agent
          image: example.com/agent:1
${overrides.container ?? ''}`;

  test.each([
    ['apiVersion extensions/v1beta1', { apiVersion: 'extensions/v1beta1' },
      'invalid apiVersion: "extensions/v1beta1". DaemonSets are served only as apps/v1 since Kubernetes 1.16: use apiVersion: apps/v1 (and give spec.selector, which apps/v1 requires).'],
    ['apiVersion apps/v1beta2', { apiVersion: 'apps/v1beta2' },
      'invalid apiVersion: "apps/v1beta2". DaemonSets are served only as apps/v1 since Kubernetes 1.16: use apiVersion: apps/v1 (and give spec.selector, which apps/v1 requires).'],
    ['no apiVersion', { apiVersion: null }, 'invalid apiVersion: undefined. A DaemonSet is apps/v1: use apiVersion: apps/v1.'],
    ['hostPort: "9100"', { container: '          ports: [{ containerPort: 9100, hostPort: "9100" }]\n' },
      'invalid spec.template.spec.containers[agent].ports[0].hostPort: "9100". Use a port number from 1 to 65535.'],
    ['containerPort 70000', { container: '          ports: [{ containerPort: 70000 }]\n' },
      'invalid spec.template.spec.containers[agent].ports[0].containerPort: 70000. Use a port number from 1 to 65535.'],
    ['a nodeSelector value with a space', { pod: '      nodeSelector: { pool: "gpu nodes" }\n' },
      'invalid spec.template.spec.nodeSelector[pool]: "gpu nodes". Use at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (or an empty string).'],
    ['toleration operator exists', { pod: '      tolerations: [{ key: a, operator: exists }]\n' },
      'invalid spec.template.spec.tolerations[0].operator: "exists". Use one of "Equal", "Exists".'],
    ['toleration operator in', { pod: '      tolerations: [{ key: a, operator: in, value: b }]\n' },
      'invalid spec.template.spec.tolerations[0].operator: "in". Use one of "Equal", "Exists".'],
  ])('%s: plan and audit exit 2 naming file:line, the DaemonSet and the field', (_d, overrides, message) => {
    const file = write('agent.yaml', manifest(overrides));
    expectOneLineFailure(bin(['plan', '--nodes', NODES, file]), 'plan', `${file}:2: DaemonSet monitoring/agent: ${message}`);
    expectOneLineFailure(bin(['audit', file]), 'audit', `${file}:2: DaemonSet monitoring/agent: ${message}`);
  });

  test('the same manifest twice is refused naming both places', () => {
    const a = write('a/agent.yaml', manifest({}));
    const b = write('b/agent.yaml', manifest({}));
    expectOneLineFailure(bin(['plan', '--nodes', NODES, a, b]), 'plan',
      `${b}:2: DaemonSet monitoring/agent is given twice (also at ${a}:2); the cluster holds one object per kind, namespace and name`);
    expectOneLineFailure(bin(['plan', '--nodes', NODES, a, a]), 'plan',
      `${a}:2: DaemonSet monitoring/agent is read twice: the file is named twice, or named and inside a folder also named; give it once`);
  });
});

describe('options', () => {
  test.each([
    ['--require-coverage .5', ['plan', '--nodes', NODES, '--require-coverage', '.5', DAEMONSETS], 0],
    ['--require-coverage=50%', ['plan', '--nodes', NODES, '--require-coverage=50%', DAEMONSETS], 1],
    ['--json=true', ['plan', '--json=true', `--nodes=${NODES}`, DAEMONSETS], 0],
    ['audit --fail-on-unjustified=yes', ['audit', '--fail-on-unjustified=yes', path.join(ROOT, 'test', 'audit', 'fixtures', 'unjustified.yaml')], 1],
  ])('%s', (_d, args, code) => {
    expect(bin(args as string[]).code).toBe(code);
  });

  test('a forgotten value is reported as missing, not as a file named --json', () => {
    const r = bin(['plan', '--nodes', '--json', DAEMONSETS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-daemonsets plan: --nodes needs a value (found the option --json after it)\nRun \'cdk8s-daemonsets plan --help\' for usage.\n');
  });

  test('--help states the input rules', () => {
    const help = bin(['plan', '--help']).stdout;
    expect(help).toContain('UTF-8 (a byte-order mark is skipped; UTF-16 is refused: convert it)');
    expect(help).toContain('may hold up to 256 MiB');
    expect(help).toContain('a node inventory in JSON (plan\n--nodes) is parsed one node at a time and may hold up to 1024 MiB');
    expect(help).toContain('- reads it from standard input');
    expect(bin(['audit', '--help']).stdout).toContain('may hold up to 256 MiB');
  });
});
