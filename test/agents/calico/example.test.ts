/**
 * The committed output of the Calico example (examples/calico/dist, rewritten by
 * `npx ts-node --transpile-only examples/calico/main.ts` and checked for drift by CI) is what
 * Argo CD applies: every object valid, in the waves Calico needs, through the mirror.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { PrivilegeAudit } from '../../../src';
import { Manifest, validateManifests } from '../../support/manifests';

const DIST = path.join(__dirname, '..', '..', '..', 'examples', 'calico', 'dist');
const load = (file: string): Manifest[] => YAML.parseAllDocuments(fs.readFileSync(path.join(DIST, file), 'utf8')).map(d => d.toJS());

describe('examples/calico/dist', () => {
  const cni = load('cni.k8s.yaml');

  test('one file per chart, and SafeSynth\'s record of them', () => {
    expect(fs.readdirSync(DIST).sort()).toEqual(['.safe-synth-files', 'argocd-apps.k8s.yaml', 'cni.k8s.yaml']);
  });

  test('every object passes the schema and the API server rules', () => {
    expect(validateManifests(cni)).toHaveLength(37);
    expect(validateManifests(load('argocd-apps.k8s.yaml')).map(o => o.metadata.name)).toEqual(['argocd-apps-root', 'cni']);
  });

  test('the CRDs come a wave before calico-node, kube-controllers a wave after', () => {
    const wave = (kind: string) => [...new Set(cni.filter(o => o.kind === kind).map(o => o.metadata.annotations?.['argocd.argoproj.io/sync-wave']))];
    expect([wave('CustomResourceDefinition'), wave('DaemonSet'), wave('Deployment')]).toEqual([['-11'], ['-10'], ['-9']]);
  });

  test('pulls every image through the mirror with its pull Secret, kube-controllers\' too', () => {
    const pods = cni.filter(o => o.kind === 'DaemonSet' || o.kind === 'Deployment').map(o => o.spec.template.spec);
    const images = pods.flatMap(p => [...(p.initContainers ?? []), ...p.containers].map((c: any) => c.image));
    expect(images).toHaveLength(5);
    for (const image of images) expect(image.startsWith('registry.example.com/quay/calico/')).toBe(true);
    for (const pod of pods) expect(pod.imagePullSecrets).toEqual([{ name: 'registry-mirror-pull' }]);
  });

  test('runs VXLAN across subnets without BGP, with the pool and address detection asked for', () => {
    const env = Object.fromEntries(cni.find(o => o.kind === 'DaemonSet')!.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      CALICO_NETWORKING_BACKEND: 'vxlan', CALICO_IPV4POOL_VXLAN: 'CrossSubnet', CALICO_IPV4POOL_CIDR: '10.42.0.0/16', IP_AUTODETECTION_METHOD: 'kubernetes-internal-ip',
    });
  });

  test('the privilege report finds nothing unjustified', () => {
    expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(cni))).toBe(0);
  });
});
