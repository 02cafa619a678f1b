/**
 * The README's CI recipe (its "A CI step for the GitOps repository" block: `plan --require-coverage`
 * and `audit --fail-on-unjustified`), read from README.md so the two cannot drift, run in process
 * against the example app's dist/ and each inventory of test/fixtures/inventories. It passes where
 * every agent runs on every node it intends, and fails naming the node and the reason where not.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './run-cli';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const INVENTORIES = path.join(ROOT, 'test', 'fixtures', 'inventories');

/** The recipe's `npx cdk8s-daemonsets ...` commands, as argument lists. */
function recipe(): string[][] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /A CI step for the GitOps repository:\n\n```sh\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no "A CI step for the GitOps repository" block');
  return block[1].split('\n')
    .filter(line => line.startsWith('npx cdk8s-daemonsets '))
    .map(line => line.replace(/#.*$/, '').trim().split(/\s+/).slice(2));
}

/** Runs the recipe with the inventory as nodes.json and the example's output as dist/; stops at the first failure, as CI does. */
function runRecipe(nodes: string): { code: number; failed?: string[]; stderr: string } {
  for (const args of recipe()) {
    const r = cli(args.map(a => (a === 'nodes.json' ? nodes : a === 'dist/' ? DIST : a)));
    if (r.code !== 0) return { code: r.code, failed: args, stderr: r.stderr };
  }
  return { code: 0, stderr: '' };
}

const inventory = (cloud: string) => path.join(INVENTORIES, `${cloud}.json`);

const scratch: string[] = [];
afterAll(() => scratch.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

/** An inventory file: the given nodes, written as `kubectl get nodes -o json` prints them. */
function written(nodes: any[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recipe-'));
  scratch.push(dir);
  const file = path.join(dir, 'nodes.json');
  fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes }));
  return file;
}

const nodesOf = (cloud: string): any[] => JSON.parse(fs.readFileSync(inventory(cloud), 'utf8')).items;

describe('the README CI recipe against the example app', () => {
  test('is the coverage gate at 100% and the privilege gate', () => {
    expect(recipe()).toEqual([
      ['plan', '--nodes', 'nodes.json', '--require-coverage', '100', 'dist/'],
      ['audit', '--fail-on-unjustified', 'dist/'],
    ]);
  });

  // EKS (Fargate nodes, which the agents' selections leave out) and AKS (GPU pools tainted
  // sku=gpu:NoSchedule, which the GPU monitor tolerates) failed before their defaults were fixed.
  test.each(['eks', 'gke', 'aks', 'kubeadm'])('passes on %s: every agent runs on every node its selection admits', cloud => {
    expect(runRecipe(inventory(cloud))).toEqual({ code: 0, stderr: '' });
  });

  test('fails on a kubeadm cluster with a node too small for the agents together, naming it for each agent', () => {
    // flannel, node-exporter, Fluent Bit and Falco each fit 250m/256Mi; together they do not.
    const small = JSON.parse(JSON.stringify(nodesOf('kubeadm').find(n => n.metadata.name === 'worker-1')));
    small.metadata.name = 'worker-small';
    small.metadata.labels['kubernetes.io/hostname'] = 'worker-small';
    small.status.allocatable = { ...small.status.allocatable, cpu: '250m', memory: '256Mi' };
    const r = runRecipe(written([...nodesOf('kubeadm'), small]));
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const agent of ['kube-flannel/flannel', 'monitoring/node-exporter', 'logging/fluent-bit']) {
      const line = lines.find(l => l.includes(` ${agent} runs on `));
      expect(line).toMatch(/; not on worker-small \((NodeOvercommitted|InsufficientResources): /);
    }
  });

  test('fails on a kubeadm cluster whose GPU node has a taint the GPU monitor does not tolerate', () => {
    const nodes = nodesOf('kubeadm');
    const gpu = nodes.find(n => Number(n.status.allocatable?.['nvidia.com/gpu'] ?? 0) > 0);
    gpu.spec.taints = [...(gpu.spec.taints ?? []), { key: 'dedicated', value: 'ml-training', effect: 'NoSchedule' }];
    const r = runRecipe(written(nodes));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`coverage below 100%: gpu-monitoring/dcgm-exporter runs on 0 of its 1 intended nodes (0%); not on ${gpu.metadata.name} `
      + '(UntoleratedNoScheduleTaint: taint dedicated=ml-training:NoSchedule is not tolerated; an existing pod is kept)\n');
  });
});
