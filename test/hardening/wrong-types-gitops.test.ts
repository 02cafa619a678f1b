/**
 * Wrong types at the GitOps entry points: ArgoCdApplication, AgentApplications (and addChart),
 * AgentNamespace (and find), SafeSynth.synth and SyncWave. Each wrong value (derived from the
 * parameter's shape in entry-points.ts) must be refused with ValidationError naming the API or
 * construct, the property and the value as given, before anything is built or written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { BOOLEAN, chart, CLASS, CONSTRUCT, constructorParams, ENUM, EntryPoint, mapOf, NUMBER, Shape, STRING, wrongTypes } from './entry-points';
import { AgentApplications, AgentNamespace, ArgoCdApplication, PodSecurityLevel, SafeSynth, SyncWave } from '../../src';

const optional = (shape: Shape) => ({ shape, optional: true });
const required = (shape: Shape) => ({ shape });

const source = { repoUrl: 'https://github.com/acme/gitops.git', path: 'dist' };
const applicationProps = { name: 'agents', source };
const applicationsProps = { repoUrl: source.repoUrl, path: 'dist' };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wrong-types-gitops-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let outdirs = 0;

const entries: EntryPoint[] = [
  {
    api: 'ArgoCdApplication',
    where: 'test/app',
    params: [...constructorParams('ArgoCdApplication'), {
      name: 'props',
      shape: {
        kind: 'struct',
        bare: true,
        valid: applicationProps,
        fields: {
          name: required(STRING),
          source: required({
            kind: 'struct',
            valid: source,
            fields: { repoUrl: required(STRING), path: required(STRING), targetRevision: optional(STRING), include: optional(STRING) },
          }),
          destinationNamespace: optional(STRING),
          destinationServer: optional(STRING),
          project: optional(STRING),
          argoCdNamespace: optional(STRING),
          prune: optional(BOOLEAN),
          selfHeal: optional(BOOLEAN),
          serverSideApply: optional(BOOLEAN),
          createNamespace: optional(BOOLEAN),
          retryLimit: optional(NUMBER),
          syncWave: optional(CLASS),
        },
      },
    }],
    setup: () => ({ call: (...a: any[]) => new ArgoCdApplication(a[0], a[1], a[2]), args: [chart(), 'app', applicationProps] }),
  },
  {
    api: 'AgentApplications',
    where: 'test/apps',
    params: [...constructorParams('AgentApplications'), {
      name: 'props',
      shape: {
        kind: 'struct',
        bare: true,
        valid: applicationsProps,
        fields: {
          repoUrl: required(STRING),
          path: required(STRING),
          targetRevision: optional(STRING),
          argoCdNamespace: optional(STRING),
          project: optional(STRING),
          appOfApps: optional(BOOLEAN),
        },
      },
    }],
    setup: () => ({ call: (...a: any[]) => new AgentApplications(a[0], a[1], a[2]), args: [chart(), 'apps', applicationsProps] }),
  },
  {
    api: 'AgentApplications.addChart',
    where: 'test/apps',
    params: [{ name: 'chart', shape: CLASS }, { name: 'syncWave', shape: CLASS, optional: true }],
    setup: () => {
      const scope = chart();
      const apps = new AgentApplications(scope, 'apps', applicationsProps);
      return { call: (...a: any[]) => apps.addChart(a[0], a[1]), args: [new Chart(scope.node.scope as App, 'agents'), SyncWave.NETWORK] };
    },
  },
  {
    api: 'AgentNamespace',
    where: 'test/ns',
    params: [...constructorParams('AgentNamespace'), {
      name: 'props',
      shape: {
        kind: 'struct',
        bare: true,
        valid: { name: 'agents' },
        fields: { name: required(STRING), podSecurityLevel: optional(ENUM), labels: optional(mapOf(STRING)), syncWave: optional(CLASS) },
      },
    }],
    setup: () => ({ call: (...a: any[]) => new AgentNamespace(a[0], a[1], a[2]), args: [chart(), 'ns', { name: 'agents', podSecurityLevel: PodSecurityLevel.BASELINE }] }),
  },
  {
    api: 'AgentNamespace.find',
    params: [{ name: 'scope', shape: CONSTRUCT }, { name: 'name', shape: STRING }],
    setup: () => ({ call: (...a: any[]) => AgentNamespace.find(a[0], a[1]), args: [chart(), 'agents'] }),
  },
  {
    api: 'SafeSynth.synth',
    params: [
      { name: 'app', shape: CLASS },
      { name: 'options', shape: { kind: 'struct', bare: true, valid: { outdir: 'dist' }, fields: { outdir: required(STRING), allowRemovingAllDaemonSets: optional(BOOLEAN), allowRemovingCni: optional(BOOLEAN), allowForeignFiles: optional(BOOLEAN) } } },
    ],
    setup: () => ({ call: (...a: any[]) => SafeSynth.synth(a[0], a[1]), args: [Testing.app(), { outdir: path.join(tmp, `dist-${outdirs++}`) }] }),
  },
  { api: 'SyncWave.of', params: [{ name: 'wave', shape: NUMBER }], setup: () => ({ call: (...a: any[]) => SyncWave.of(a[0]), args: [-5] }) },
  { api: 'SyncWave.disableIn', params: [{ name: 'scope', shape: CONSTRUCT }], setup: () => ({ call: (...a: any[]) => SyncWave.disableIn(a[0]), args: [Testing.app()] }) },
  {
    api: 'SyncWave.applyTo',
    params: [{ name: 'scope', shape: CONSTRUCT }],
    setup: () => ({ call: (...a: any[]) => SyncWave.NETWORK.applyTo(a[0]), args: [chart()] }),
  },
];

describe('GitOps entry points', () => wrongTypes(entries));

describe('GitOps: what a wrong type used to do', () => {
  test('SafeSynth.synth({ outdir: 123 }) writes nothing and names outdir', () => {
    const before = fs.readdirSync(tmp);
    expect(() => SafeSynth.synth(Testing.app(), { outdir: 123 as unknown as string }))
      .toThrow(/^SafeSynth\.synth: invalid outdir: 123\. Give a string\./);
    expect(fs.readdirSync(tmp)).toEqual(before);
  });

  test('an Application whose source is missing names source, not a TypeError from reading source.repoUrl', () => {
    expect(() => new ArgoCdApplication(chart(), 'app', { name: 'agents' } as any))
      .toThrow(/^test\/app: invalid source: undefined\. Give a ManifestSource object\./);
  });

  test('a plain object is not taken for a SyncWave (it used to be dropped at applyTo)', () => {
    expect(() => new AgentNamespace(chart(), 'ns', { name: 'agents', syncWave: { wave: -5 } as unknown as SyncWave }))
      .toThrow(/^test\/ns: invalid syncWave: \{"wave":-5\}\. Give a SyncWave/);
  });

  test('a fractional wave is still refused where it is applied, with its construct path', () => {
    expect(() => SyncWave.of(1.5)).not.toThrow();
    expect(() => SyncWave.of(1.5).applyTo(chart())).toThrow(/^test: invalid syncWave: 1\.5\. Argo CD sync waves are whole numbers/);
  });
});
