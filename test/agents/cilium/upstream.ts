/**
 * The Cilium 1.20.0 chart's render (test/fixtures/upstream/cilium/cilium-1.20.0.yaml, see the
 * README beside it for its source and command), and a field-by-field diff for the comparison tests.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';
import { flatten } from '../../support/field-paths';
import { Manifest } from '../../support/manifests';

export { flatten };

const RENDER = join(__dirname, '..', '..', 'fixtures', 'upstream', 'cilium', 'cilium-1.20.0.yaml');

/** Every object of the render. */
export const UPSTREAM: Manifest[] = parseAllDocuments(readFileSync(RENDER, 'utf8')).map(d => d.toJSON()).filter(Boolean);

/** The render's object of this kind and name. */
export function upstream(kind: string, name: string): Manifest {
  const found = UPSTREAM.find(o => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`the render has no ${kind}/${name}`);
  return found;
}

/** An intended difference from the render: which paths of which kind, and why. */
export interface Intended { readonly kind: string; readonly path: RegExp; readonly reason: string }

/** A field whose value differs (undefined: absent on that side). */
export interface Difference { readonly kind: string; readonly path: string; readonly upstream: unknown; readonly ours: unknown }

/** Every field path whose value differs between the render's object and ours. */
export function differences(kind: string, theirs: unknown, ours: unknown): Difference[] {
  const a = flatten(theirs);
  const b = flatten(ours);
  return [...new Set([...a.keys(), ...b.keys()])].sort()
    .filter(path => !isDeepStrictEqual(a.get(path), b.get(path)))
    .map(path => ({ kind, path, upstream: a.get(path), ours: b.get(path) }));
}

/** Whether `i` explains `d`. */
export const explains = (i: Intended, d: Difference): boolean => (i.kind === '*' || i.kind === d.kind) && i.path.test(d.path);

/** The three checks every comparison makes: nothing unexplained, nothing explained twice, nothing stale. */
export function auditDifferences(found: Difference[], intended: Intended[]): { unexplained: Difference[]; ambiguous: string[]; stale: string[] } {
  return {
    unexplained: found.filter(d => !intended.some(i => explains(i, d))),
    ambiguous: found.filter(d => intended.filter(i => explains(i, d)).length > 1).map(d => `${d.kind} ${d.path}`),
    stale: intended.filter(i => !found.some(d => explains(i, d))).map(i => `${i.kind} ${i.path}`),
  };
}
