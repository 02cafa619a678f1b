/**
 * Calico v3.32.1's manifests (test/fixtures/upstream/calico, see its README), as plain objects,
 * and the field-by-field comparison the Calico tests make with them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';
import { flatten } from '../../support/field-paths';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'upstream', 'calico');

/** The objects of one fixture file, in upstream order. */
export function upstreamObjects(file: 'calico-v3.32.1.yaml' | 'calico-vxlan-v3.32.1.yaml' | 'crds-v3.32.1.yaml'): any[] {
  return parseAllDocuments(fs.readFileSync(path.join(FIXTURES, file), 'utf8')).map(d => d.toJS()).filter(o => o !== null);
}

/** The one object of a kind and name in a fixture file. */
export function upstreamObject(file: Parameters<typeof upstreamObjects>[0], kind: string, name: string): any {
  const found = upstreamObjects(file).filter(o => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`${file}: expected one ${kind}/${name}, found ${found.length}`);
  return found[0];
}

/** Each (API group, resource, resource name, verb) a list of ClusterRole rules grants. */
export function grants(rules: any[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) for (const n of r.resourceNames ?? ['*']) out.add(`${g}|${res}|${n}|${v}`);
  }
  return [...out].sort();
}

/** A field that differs from upstream. */
export interface Difference { readonly kind: string; readonly path: string; readonly upstream: unknown; readonly ours: unknown }

/** An intended difference: the fields it covers, and why. */
export interface Intended { readonly kind: string; readonly path: RegExp; readonly reason: string }

/** Every field path whose value differs between upstream's object and ours. */
export function differences(kind: string, upstream: unknown, ours: unknown): Difference[] {
  const a = flatten(upstream);
  const b = flatten(ours);
  return [...new Set([...a.keys(), ...b.keys()])].sort()
    .filter(p => !isDeepStrictEqual(a.get(p), b.get(p)))
    .map(p => ({ kind, path: p, upstream: a.get(p), ours: b.get(p) }));
}

/** Whether an intended difference explains a difference found. */
export const explains = (i: Intended, d: Difference) => (i.kind === '*' || i.kind === d.kind) && i.path.test(d.path);

/** The differences no reason explains, the ones with several, and the reasons that explain none. */
export function audit(found: Difference[], intended: Intended[]): { unexplained: Difference[]; ambiguous: string[]; stale: string[] } {
  return {
    unexplained: found.filter(d => !intended.some(i => explains(i, d))),
    ambiguous: found.filter(d => intended.filter(i => explains(i, d)).length > 1).map(d => `${d.kind} ${d.path}`),
    stale: intended.filter(i => !found.some(d => explains(i, d))).map(i => `${i.kind} ${i.path}`),
  };
}
