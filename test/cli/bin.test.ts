/**
 * The compiled bin as a real process (`npm test` compiles first): the shebang and package.json
 * bin entry work, exit codes reach the shell, bad input never prints a stack trace, a closed pipe
 * is not an error.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const BIN = path.join(ROOT, PKG.bin['cdk8s-daemonsets']);
const FIXTURES = path.join(ROOT, 'test', 'planner', 'fixtures');

function cdk8sDaemonsets(...args: string[]) {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} does not exist: run 'npx projen compile' before these tests`);
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the cdk8s-daemonsets bin', () => {
  test('is lib/cli/main.js with a node shebang', () => {
    expect(PKG.bin).toEqual({ 'cdk8s-daemonsets': 'lib/cli/main.js' });
    expect(fs.readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('plans the fixtures and exits 0', () => {
    const r = cdk8sDaemonsets('plan', '--json', '--nodes', path.join(FIXTURES, 'nodes.json'), path.join(FIXTURES, 'daemonsets.yaml'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).daemonSets).toHaveLength(2);
  });

  test('exits 1 under --require-coverage', () => {
    const r = cdk8sDaemonsets('plan', '--require-coverage', '50', '--nodes', path.join(FIXTURES, 'nodes.json'), path.join(FIXTURES, 'daemonsets.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^coverage below 50%: logging\/fluent-bit runs on 3 of its 8 intended nodes \(37.5%\); not on cp-1 /);
  });

  test.each([
    ['bad YAML', ['plan', '--nodes', path.join(FIXTURES, 'nodes.json'), path.join(FIXTURES, 'invalid', 'bad-indent.yaml')], /bad-indent\.yaml:9:3: YAML error:/],
    ['bad JSON', ['plan', '--nodes', path.join(FIXTURES, 'invalid', 'truncated.json'), path.join(FIXTURES, 'daemonsets.yaml')], /truncated\.json:1:48: invalid JSON/],
    ['missing --nodes', ['plan', path.join(FIXTURES, 'daemonsets.yaml')], /--nodes NODES is required/],
  ])('%s: exit 2, one message, no stack trace', (_d, args, message) => {
    const r = cdk8sDaemonsets(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  });

  test('a reader that closes the pipe early is not an error', () => {
    // Enough output (a few MB) to overflow the pipe buffer after `head` has gone.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-test-'));
    try {
      const nodes = Array.from({ length: 5000 }, (_, i) => ({ kind: 'Node', metadata: { name: `node-${i}` } }));
      fs.writeFileSync(path.join(dir, 'nodes.json'), JSON.stringify(nodes));
      const script = `"${process.execPath}" "${BIN}" plan --json --nodes "${path.join(dir, 'nodes.json')}" "${path.join(FIXTURES, 'daemonsets.yaml')}" | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`;
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('--version names the package and its version, through the built bin', () => {
  const r = cdk8sDaemonsets('--version');
  expect(r).toEqual({ code: 0, stdout: `cdk8s-daemonsets ${PKG.version}\n`, stderr: '' });
});
