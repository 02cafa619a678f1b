/**
 * Bad-input catalog, part 5: GitOps delivery: AgentNamespace, ArgoCdApplication,
 * AgentApplications, SyncWave and SafeSynth (which must leave the folder GitOps reads untouched).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { BadInput, catalog } from './catalog';
import { AgentApplications, AgentNamespace, ArgoCdApplication, ArgoCdApplicationProps, SafeSynth, SafeSynthOptions, SyncWave } from '../../src';
import { agent } from '../base/fixtures';

const REPO = 'https://git.example.com/platform/gitops.git';
const application = (props: Partial<ArgoCdApplicationProps>, source: object = {}) => (chart: any) =>
  new ArgoCdApplication(chart, 'app', { name: 'agents', ...props, source: { repoUrl: REPO, path: 'dist', ...source } });

/** A folder holding a committed output with one DaemonSet (a CNI, if asked), as GitOps reads it. */
function committedOutput(cni = false): { root: string; outdir: string; before: Record<string, string> } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-inputs-'));
  const outdir = path.join(root, 'dist');
  const app = new App({ outdir: path.join(root, 'cli-out') });
  agent(new Chart(app, 'agents', { namespace: 'agents' }), cni ? { component: 'cni' } : {});
  SafeSynth.synth(app, { outdir });
  return { root, outdir, before: filesOf(outdir) };
}

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Runs `fn` with these environment variables set, restoring the environment after. */
function withEnv<T>(env: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map(key => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** A SafeSynth row: the committed output must be exactly as it was after the rejection. */
function safeSynthRow(row: Omit<BadInput, 'build' | 'verify'> & {
  app: (root: string) => App; options: (outdir: string) => SafeSynthOptions; env?: (outdir: string) => Record<string, string>; cni?: boolean;
}): BadInput {
  const { app, options, env, cni, ...rest } = row;
  const state = committedOutput(cni);
  return {
    ...rest,
    error: { ...rest.error, value: rest.error.value.replace('<outdir>', state.outdir) },
    build: () => withEnv(env?.(state.outdir) ?? {}, () => SafeSynth.synth(app(state.root), options(state.outdir))),
    verify: () => expect(filesOf(state.outdir)).toEqual(state.before),
  };
}

/**
 * A SafeSynth row run from inside a project folder (in a temporary directory): an outdir that is
 * or holds the current directory, or is a folder of sources, must be refused, and the project's
 * files must still be there after.
 */
function fromProjectRow(row: Omit<BadInput, 'build' | 'verify'> & { outdir: (project: string) => string }): BadInput {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-inputs-'));
  const project = path.join(root, 'project');
  fs.mkdirSync(path.join(project, 'src'), { recursive: true });
  fs.writeFileSync(path.join(project, 'src', 'main.ts'), '// the user\'s code');
  const { outdir, ...rest } = row;
  return {
    ...rest,
    error: { ...rest.error, value: rest.error.value.replace('<outdir>', JSON.stringify(outdir(project))) },
    build: () => {
      const cwd = process.cwd();
      process.chdir(project);
      try {
        // Never run SafeSynth from anywhere but the temporary project.
        if (process.cwd() !== fs.realpathSync(project) && process.cwd() !== project) throw new Error(`not in ${project}`);
        return SafeSynth.synth(appWithoutDaemonSets(root), { outdir: outdir(project) });
      } finally {
        process.chdir(cwd);
      }
    },
    verify: () => expect(fs.readFileSync(path.join(project, 'src', 'main.ts'), 'utf8')).toBe('// the user\'s code'),
  };
}

function appWithoutDaemonSets(root: string): App {
  const app = new App({ outdir: path.join(root, 'cli-out') });
  new ApiObject(new Chart(app, 'agents'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'only-config' } });
  return app;
}

const namespaces: BadInput[] = [
  {
    name: 'rejects a namespace name with an underscore',
    build: chart => new AgentNamespace(chart, 'ns', { name: 'gpu_monitoring' }),
    error: { path: 'test/ns', property: 'name', value: '"gpu_monitoring"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects a Namespace label key with a space',
    build: chart => new AgentNamespace(chart, 'ns', { name: 'gpu-monitoring', labels: { 'cost center': 'gpu' } }),
    error: { path: 'test/ns', property: 'labels key', value: '"cost center"', fix: 'Use a qualified name "[prefix/]name"' },
  },
  {
    name: 'rejects a Namespace label value with a space',
    build: chart => new AgentNamespace(chart, 'ns', { name: 'gpu-monitoring', labels: { team: 'gpu platform' } }),
    error: { path: 'test/ns', property: 'labels[team]', value: '"gpu platform"', fix: 'starting and ending with a letter or digit' },
  },
  {
    name: 'rejects a fractional Namespace sync wave',
    build: chart => new AgentNamespace(chart, 'ns', { name: 'gpu-monitoring', syncWave: SyncWave.of(1.5) }),
    error: { path: 'test/ns', property: 'syncWave', value: '1.5', fix: 'Argo CD sync waves are whole numbers' },
    absent: '1.5',
  },
];

const applications: BadInput[] = [
  {
    name: 'rejects an Application name with capitals',
    build: application({ name: 'Node-Agents' }),
    error: { path: 'test/app', property: 'name', value: '"Node-Agents"', fix: 'a DNS-1123 subdomain' },
  },
  {
    name: 'rejects a repository URL that git cannot clone',
    build: application({}, { repoUrl: 'git.example.com/platform/gitops' }),
    error: { path: 'test/app', property: 'source.repoUrl', value: '"git.example.com/platform/gitops"', fix: '"https://host/org/repo.git"' },
  },
  {
    name: 'rejects an absolute source path',
    build: application({}, { path: '/dist' }),
    error: { path: 'test/app', property: 'source.path', value: '"/dist"', fix: 'Use a path relative to the repository root' },
    absent: 'path: /dist',
  },
  {
    name: 'rejects ".." in the source path',
    build: application({}, { path: 'dist/../secrets' }),
    error: { path: 'test/app', property: 'source.path', value: '"dist/../secrets"', fix: 'without "..", e.g. "dist"' },
  },
  {
    name: 'rejects a negative sync retry limit',
    build: application({ retryLimit: -1 }),
    error: { path: 'test/app', property: 'retryLimit', value: '-1', fix: 'Use a whole number of 0 or more' },
    absent: 'limit: -1',
  },
  {
    name: 'rejects an Argo CD namespace with a space',
    build: application({ argoCdNamespace: 'argo cd' }),
    error: { path: 'test/app', property: 'argoCdNamespace', value: '"argo cd"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects a destination namespace with an underscore',
    build: application({ destinationNamespace: 'node_agents' }),
    error: { path: 'test/app', property: 'destinationNamespace', value: '"node_agents"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects an Argo CD project name with a space',
    build: application({ project: 'Platform Team' }),
    error: { path: 'test/app', property: 'project', value: '"Platform Team"', fix: 'a DNS-1123 subdomain' },
  },
  {
    name: 'rejects a destination server that is not a URL',
    build: application({ destinationServer: 'in-cluster' }),
    error: { path: 'test/app', property: 'destinationServer', value: '"in-cluster"', fix: 'e.g. "https://kubernetes.default.svc"' },
  },
  {
    name: 'rejects an app-of-apps Argo CD namespace in capitals',
    build: chart => new AgentApplications(chart, 'apps', { repoUrl: REPO, path: 'dist', argoCdNamespace: 'ArgoCD' }),
    error: { path: 'test/apps/test-root', property: 'argoCdNamespace', value: '"ArgoCD"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects an app-of-apps repository URL with a space',
    build: chart => new AgentApplications(chart, 'apps', { repoUrl: 'https://git.example.com/platform gitops.git', path: 'dist' }),
    error: { path: 'test/apps/test-root', property: 'source.repoUrl', value: '"https://git.example.com/platform gitops.git"', fix: 'Use a git URL' },
  },
  {
    name: 'rejects ".." in the path of the agents\' Applications',
    build: chart => new AgentApplications(chart, 'apps', { repoUrl: REPO, path: '../dist', appOfApps: false }).addChart(chart),
    error: { path: 'test/apps/test', property: 'source.path', value: '"../dist"', fix: 'Use a path relative to the repository root' },
  },
];

const waves: BadInput[] = [
  {
    name: 'rejects a sync wave that is not a number',
    build: chart => SyncWave.of(NaN).applyTo(agent(chart)),
    error: { path: 'SyncWave.of', property: 'wave', value: 'NaN', fix: 'Give a finite number' },
    absent: 'sync-wave',
  },
  {
    name: 'rejects a fractional sync wave on an Application',
    build: application({ syncWave: SyncWave.of(-2.5) }),
    error: { path: 'test/app', property: 'syncWave', value: '-2.5', fix: 'e.g. SyncWave.of(-5)' },
    absent: '-2.5',
  },
];

const safeSynth: BadInput[] = [
  safeSynthRow({
    name: 'rejects an output without DaemonSets where the committed one has some',
    app: appWithoutDaemonSets,
    options: outdir => ({ outdir }),
    error: { path: 'SafeSynth', property: 'the new output has no DaemonSets', value: 'the current one has 1', fix: 'pass allowRemovingAllDaemonSets: true' },
    absent: 'only-config',
  }),
  safeSynthRow({
    name: 'rejects a cdk8s.yaml output that is the protected folder',
    app: appWithoutDaemonSets,
    options: outdir => ({ outdir }),
    env: outdir => ({ CDK8S_OUTDIR: outdir }),
    error: { path: 'SafeSynth', property: 'cdk8s.yaml\'s output', value: '<outdir>', fix: 'Set output in cdk8s.yaml to a scratch folder (e.g. ".cdk8s.out")' },
    absent: 'only-config',
  }),
  fromProjectRow({
    name: 'rejects an empty outdir, which is the current directory',
    outdir: () => '',
    error: { path: 'SafeSynth', property: 'outdir', value: '""', fix: 'point outdir at a folder of its own, e.g. "dist"' },
    absent: 'only-config',
  }),
  fromProjectRow({
    name: 'rejects an outdir that holds the current directory',
    outdir: project => path.dirname(project),
    error: { path: 'SafeSynth', property: 'outdir', value: '<outdir>', fix: 'is (or holds) the current directory' },
    absent: 'only-config',
  }),
  fromProjectRow({
    name: 'rejects a symbolic link that leads above the project',
    outdir: project => {
      if (!fs.existsSync(path.join(project, 'out'))) fs.symlinkSync('..', path.join(project, 'out'));
      return 'out';
    },
    error: { path: 'SafeSynth', property: 'outdir', value: '"out"', fix: /\(through symbolic links: .*\) is \(or holds\) the current directory/ },
    absent: 'only-config',
  }),
  fromProjectRow({
    name: 'rejects a folder of sources (src)',
    outdir: () => 'src',
    error: { path: 'SafeSynth', property: 'outdir', value: '"src"', fix: 'look like a project\'s sources (main.ts)' },
    absent: 'only-config',
  }),
  safeSynthRow({
    name: 'rejects an output that drops the committed CNI DaemonSet',
    cni: true,
    app: root => {
      const app = new App({ outdir: path.join(root, 'cli-out') });
      agent(new Chart(app, 'agents', { namespace: 'agents' }), { name: 'other-agent' });
      return app;
    },
    options: outdir => ({ outdir }),
    error: { path: 'SafeSynth', property: 'the new output drops the CNI DaemonSet', value: '"agents/agent"', fix: 'pass allowRemovingCni: true' },
    absent: 'other-agent',
  }),
  safeSynthRow({
    name: 'rejects a file in place of the output folder',
    app: appWithoutDaemonSets,
    options: outdir => {
      if (!fs.existsSync(`${outdir}.file`)) fs.writeFileSync(`${outdir}.file`, 'not a folder\n');
      return { outdir: `${outdir}.file` };
    },
    error: { path: 'SafeSynth', property: 'outdir', value: '.file"', fix: 'is a file, not a folder' },
    absent: 'only-config',
  }),
];

describe('bad inputs: AgentNamespace', () => catalog(namespaces));
describe('bad inputs: ArgoCdApplication and AgentApplications', () => catalog(applications));
describe('bad inputs: SyncWave', () => catalog(waves));
describe('bad inputs: SafeSynth', () => catalog(safeSynth));
