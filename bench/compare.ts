/**
 * The sanity check behind the ours/raw ratio: both apps must write the same objects, or the
 * ratio compares different work. Kinds, names and counts must match exactly (the benchmark fails
 * otherwise); objects whose content differs are counted and named, since a change to an agent's
 * defaults in src/ legitimately makes bench/apps/raw/ stale until someone updates it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';

export interface Comparison {
  /** Objects per kind, in both outputs. */
  readonly kinds: Record<string, number>;
  /** Identities (file: kind namespace/name) in only one of the outputs. */
  readonly onlyOurs: string[];
  readonly onlyRaw: string[];
  /** Identities present in both whose content differs. */
  readonly differing: string[];
}

export function sameIdentities(c: Comparison): boolean {
  return c.onlyOurs.length === 0 && c.onlyRaw.length === 0;
}

/** Every object under `dir`, keyed by file, kind, namespace and name. */
function objects(dir: string): Map<string, any> {
  const out = new Map<string, any>();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const obj = doc.toJS();
      if (obj) out.set(`${file}: ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, obj);
    }
  }
  return out;
}

export function compareOutputs(oursDir: string, rawDir: string): Comparison {
  const ours = objects(oursDir);
  const raw = objects(rawDir);
  const kinds: Record<string, number> = {};
  for (const obj of ours.values()) kinds[obj.kind] = (kinds[obj.kind] ?? 0) + 1;
  return {
    kinds,
    onlyOurs: [...ours.keys()].filter(k => !raw.has(k)),
    onlyRaw: [...raw.keys()].filter(k => !ours.has(k)),
    differing: [...ours.keys()].filter(k => raw.has(k) && !isDeepStrictEqual(ours.get(k), raw.get(k))),
  };
}

/** One line for the console and the results. */
export function describeComparison(c: Comparison): string {
  const total = Object.values(c.kinds).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(c.kinds).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${n} ${k}`).join(', ');
  if (!sameIdentities(c)) {
    return `MISMATCH: only in ours: ${c.onlyOurs.slice(0, 5).join('; ') || 'none'}; only in raw: ${c.onlyRaw.slice(0, 5).join('; ') || 'none'}`;
  }
  const content = c.differing.length === 0
    ? 'every object identical'
    : `${c.differing.length} of ${total} objects differ in content (bench/apps/raw/ is behind src/), e.g. ${c.differing.slice(0, 3).join('; ')}`;
  return `same ${total} objects (${kinds}); ${content}`;
}
