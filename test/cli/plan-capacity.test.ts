/**
 * A plan larger than the process's heap, through the compiled bin (`npm test` compiles first):
 * refused before planning with exit 2 and what to do, never a V8 out-of-memory abort. The heap is
 * made small (--max-old-space-size) so that a small inventory exceeds it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { daemonSet, node } from '../planner/builders';

const BIN = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.js');

test('a plan larger than the heap exits 2 with the capacity and what to do', () => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} does not exist: run 'npx projen compile' before these tests`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-capacity-'));
  try {
    // 30,000 nodes × 200 DaemonSets: 6 million placements, about 183 MiB, in a 96 MiB heap.
    fs.writeFileSync(path.join(dir, 'nodes.json'), JSON.stringify(Array.from({ length: 30_000 }, (_, i) => node(`n${i}`))));
    fs.writeFileSync(path.join(dir, 'agents.yaml'), Array.from({ length: 200 }, (_, i) => stringify(daemonSet(`agent-${i}`))).join('---\n'));
    const r = spawnSync(process.execPath, ['--max-old-space-size=96', BIN, 'plan', '--nodes', path.join(dir, 'nodes.json'), path.join(dir, 'agents.yaml')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cdk8s-daemonsets plan: 30,000 nodes × 200 DaemonSets make 6,000,000 placements, which need about 183 MiB of heap, more than the \d+ MiB left of this process's \d+ MiB; plan fewer DaemonSets at a time \(e\.g\. a folder each\), or give Node\.js more heap \(NODE_OPTIONS=--max-old-space-size=\d+\)\n$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
