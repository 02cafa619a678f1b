/**
 * CalicoCustomResourceDefinitions: the CRDs the package carries are manifests/calico.yaml's at
 * v3.32.1, object for object, and read offline; another release's come from a local file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { grants, upstreamObject, upstreamObjects } from './upstream';
import { SyncWave } from '../../../src';
import { CalicoCrds, CalicoCustomResourceDefinitions, CalicoVersion } from '../../../src/agents/cni-agent/calico';
import { Manifest, newChart, synth } from '../../support/manifests';

function build(props: ConstructorParameters<typeof CalicoCustomResourceDefinitions>[2] = {}, namespace?: string): Manifest[] {
  const chart = newChart('test', namespace);
  new CalicoCustomResourceDefinitions(chart, 'crds', props);
  return synth(chart);
}

const WAVE = 'argocd.argoproj.io/sync-wave';
const withoutWave = (o: Manifest) => {
  const { [WAVE]: _wave, ...annotations } = o.metadata.annotations ?? {};
  return { ...o, metadata: { ...o.metadata, annotations: Object.keys(annotations).length > 0 ? annotations : undefined } };
};
// cdk8s writes no null: the two nulls of the network-policy-api CRD's status go, which the API
// server reads the same (it ignores a CRD's status on create and update).
const defined = (o: unknown) => JSON.parse(JSON.stringify(o, (_k, v) => (v === null ? undefined : v)));

describe('CalicoCustomResourceDefinitions', () => {
  // Schema-validating 23 large CRDs takes a few seconds: once for the whole block.
  const objs = build({}, 'calico-system');
  const crds = objs.filter(o => o.kind === 'CustomResourceDefinition');

  test('emits Calico 3.32.1\'s 23 CRDs exactly as upstream ships them, without a namespace, in wave -11', () => {
    const upstream = upstreamObjects('crds-v3.32.1.yaml');
    expect(crds).toHaveLength(23);
    expect(crds.map(o => defined(withoutWave(o)))).toEqual(upstream.map(defined));
    expect(crds.every(o => o.metadata.namespace === undefined && o.metadata.annotations[WAVE] === '-11')).toBe(true);
  });

  test('lets kube-controller-manager read Calico\'s tiers, as upstream\'s calico-tier-getter', () => {
    const role = objs.find(o => o.kind === 'ClusterRole')!;
    expect(grants(role.rules)).toEqual(grants(upstreamObject('calico-v3.32.1.yaml', 'ClusterRole', 'calico-tier-getter').rules));
    const binding = objs.find(o => o.kind === 'ClusterRoleBinding')!;
    const { metadata: _m, ...theirs } = upstreamObject('calico-v3.32.1.yaml', 'ClusterRoleBinding', 'calico-tier-getter');
    const { metadata: _o, ...ours } = binding;
    expect(ours).toEqual(theirs);
  });

  test('the CRDs ship with the package, with their license notice', () => {
    const vendored = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'vendor', 'calico', 'crds-v3.32.1.yaml'), 'utf8');
    expect(vendored).toContain('Licensed under the Apache License, Version 2.0');
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    expect(pkg.files ?? ['vendor']).toContain('vendor');
    expect(fs.readFileSync(path.join(__dirname, '..', '..', '..', '.npmignore'), 'utf8')).not.toMatch(/^\/?vendor/m);
  });

  test('with CalicoCrds.none(), only the tier-getter: the CRDs are installed apart', () => {
    expect(build({ crds: CalicoCrds.none() }).map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['ClusterRole/calico-tier-getter', 'ClusterRoleBinding/calico-tier-getter']);
  });

  describe('from a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-crds-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const crd = (name: string) => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\nspec:\n  group: crd.projectcalico.org\n  names: { kind: X, plural: xs }\n  scope: Cluster\n  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]\n`;

    test('takes only the CRDs of a whole manifest, for another release', () => {
      const file = write('calico.yaml', `${crd('xs.crd.projectcalico.org')}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n`);
      const out = build({ crds: CalicoCrds.fromFile(file), version: CalicoVersion.of('3.33.0'), syncWave: SyncWave.of(-20) });
      expect(out.filter(o => o.kind === 'CustomResourceDefinition').map(o => [o.metadata.name, o.metadata.annotations[WAVE]])).toEqual([['xs.crd.projectcalico.org', '-20']]);
      expect(out.map(o => o.kind)).not.toContain('ServiceAccount');
    });

    test('rejects the bundled CRDs for another release, naming the fix', () => {
      expect(() => build({ version: CalicoVersion.of('3.33.0') }))
        .toThrow(/invalid crds: "CalicoCrds\.bundled\(\) \(Calico 3\.32\.1\)"\. calico-node runs Calico 3\.33\.0: give that release's CRDs, CalicoCrds\.fromFile/);
    });

    test('rejects a URL, a missing file and a file without CRDs', () => {
      expect(() => build({ crds: CalicoCrds.fromFile('https://example.com/calico.yaml') })).toThrow(/crds\.file: "https:\/\/example\.com\/calico\.yaml"\. Give a local file/);
      expect(() => build({ crds: CalicoCrds.fromFile(path.join(dir, 'missing.yaml')) })).toThrow(/crds\.file: ".*missing\.yaml"\. Give a readable YAML file of Calico's CRDs \(ENOENT/);
      expect(() => build({ crds: CalicoCrds.fromFile(write('none.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n')) }))
        .toThrow(/has no CustomResourceDefinition/);
      expect(() => build({ crds: CalicoCrds.fromFile(write('v1beta1.yaml', 'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: x\n')) }))
        .toThrow(/CustomResourceDefinition 1\)"\. Each CustomResourceDefinition needs apiVersion apiextensions\.k8s\.io\/v1/);
    });

    test('rejects arguments of the wrong type', () => {
      expect(() => CalicoCrds.fromFile(42 as any)).toThrow(/CalicoCrds\.fromFile: invalid file: 42\. Give a string/);
      expect(() => build({ crds: 'crds.yaml' as any })).toThrow(/crds: "crds\.yaml"\. Give a CalicoCrds/);
    });
  });
});
