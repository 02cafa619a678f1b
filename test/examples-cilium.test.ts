/**
 * The committed output of the Cilium example (examples/cilium/dist, from examples/cilium/main.ts):
 * what Argo CD applies for a cluster on Cilium. Every object passes the schema and the API
 * server's rules, sits in the network wave, and every privilege is justified.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { PrivilegeAudit } from '../src';
import { Manifest, validateManifests } from './support/manifests';

const DIST = path.join(__dirname, '..', 'examples', 'cilium', 'dist');
const load = (file: string): Manifest[] => YAML.parseAllDocuments(fs.readFileSync(path.join(DIST, file), 'utf8')).map(d => d.toJS());

describe('examples/cilium/dist', () => {
  test('one file per chart, and SafeSynth\'s record of them', () => {
    expect(fs.readdirSync(DIST).sort()).toEqual(['.safe-synth-files', 'argocd-apps.k8s.yaml', 'cni.k8s.yaml']);
  });

  test.each(['argocd-apps.k8s.yaml', 'cni.k8s.yaml'])('%s passes the schema and the API server rules', file => {
    expect(validateManifests(load(file)).length).toBeGreaterThan(0);
  });

  test('the agent, the operator, cilium-config and the RBAC are all in the network wave; no CRDs', () => {
    const objs = load('cni.k8s.yaml');
    expect(new Set(objs.map(o => o.metadata.annotations?.['argocd.argoproj.io/sync-wave']))).toEqual(new Set(['-10']));
    expect(objs.filter(o => ['DaemonSet', 'Deployment', 'ConfigMap'].includes(o.kind)).map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort())
      .toEqual(['ConfigMap/kube-system/cilium-config', 'DaemonSet/kube-system/cilium', 'Deployment/kube-system/cilium-operator']);
    expect(objs.filter(o => o.kind === 'CustomResourceDefinition')).toEqual([]);
  });

  test('every privilege is justified', () => {
    expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(load('cni.k8s.yaml')))).toBe(0);
  });
});
