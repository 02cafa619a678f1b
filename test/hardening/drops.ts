/**
 * The no-silent-drops harness. A table per props struct builds one construct with every prop set
 * to a recognisable, non-default value and says, per prop, where in which synthesized object the
 * value must appear. The props are read from the TypeScript sources (and cdk8s-plus's
 * declarations for inherited ones), so a prop without a row fails the test that lists them.
 *
 * The sources rather than the jsii assembly (.jsii): they are what the tests compile, they need
 * no `projen compile` first, and a fresh clone runs `npm test` without one. For exported
 * interfaces they list the same properties the assembly does.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { Manifest } from '../support/manifests';

/** Where a value must appear: "Kind/name path", e.g. `DaemonSet/x spec.template.spec.containers[name=main].args`. */
export interface Expectation {
  readonly at: string;
  /** The value there, exactly. */
  readonly is?: unknown;
  /** A value contained there: an array element, a substring, or a subset of an object. */
  readonly has?: unknown;
}

/** One props struct, every prop set. */
export interface DropTable {
  /** The struct, as named in the sources. */
  readonly struct: string;
  /** Builds the construct(s) with every prop set, and returns the synthesized (and validated) objects. */
  readonly synth: () => Manifest[];
  /** Per prop, where its value appears. */
  readonly rows: { readonly [prop: string]: Expectation | readonly Expectation[] };
  /** Props inherited from cdk8s-plus whose mapping is cdk8s-plus's own (not rewritten by this library). */
  readonly cdk8sPlus?: readonly string[];
}

/** The value at `at` in a set of objects. */
export function valueAt(objs: Manifest[], at: string): unknown {
  const space = at.includes(' ') ? at.indexOf(' ') : at.length;
  const [kind, name] = at.slice(0, space).split('/');
  const obj = objs.find(o => o.kind === kind && o.metadata.name === name);
  // "Kind/name" alone asks whether the object exists; with a path, a missing object is a typo.
  if (!obj && space === at.length) return undefined;
  if (!obj) throw new Error(`no ${kind}/${name} among ${objs.map(o => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  let value: any = obj;
  // Segments: .key, [n], ["key.with.dots"], [name=x] (the array element with that name), and
  // (yaml) or (json) to read on inside a string that holds a document (a ConfigMap's file).
  for (const m of at.slice(space + 1).matchAll(/\.?([^.[\]()]+)|\[(\d+)\]|\["([^"]+)"\]|\[name=([^\]]+)\]|\((yaml|json)\)/g)) {
    if (value === undefined) return undefined;
    if (m[1] !== undefined) value = value[m[1]];
    else if (m[2] !== undefined) value = value[Number(m[2])];
    else if (m[3] !== undefined) value = value[m[3]];
    else if (m[4] !== undefined) value = (value as any[]).find(e => e?.name === m[4]);
    else value = m[5] === 'yaml' ? YAML.parse(value) : JSON.parse(value);
  }
  return value;
}

/** Asserts one expectation on the objects. */
export function expectAt(objs: Manifest[], e: Expectation): void {
  const value = valueAt(objs, e.at);
  if ('is' in e) expect(value).toEqual(e.is);
  if ('has' in e) {
    if (typeof value === 'string') {expect(value).toContain(e.has);} else if (Array.isArray(value)) {
      const element = typeof e.has === 'object' && e.has !== null && !Array.isArray(e.has) ? expect.objectContaining(e.has) : e.has;
      expect(value).toEqual(expect.arrayContaining([element]));
    } else {expect(value).toMatchObject(e.has as object);}
  }
}

interface Declared {
  readonly file: string;
  readonly bases: string[];
  readonly props: string[];
}

function interfacesIn(files: string[]): Map<string, Declared> {
  const found = new Map<string, Declared>();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    source.forEachChild(node => {
      if (!ts.isInterfaceDeclaration(node)) return;
      found.set(node.name.text, {
        file,
        bases: (node.heritageClauses ?? []).flatMap(h => h.types.map(t => t.expression.getText().split('.').pop()!)),
        props: node.members.filter(ts.isPropertySignature).map(m => m.name.getText()),
      });
    });
  }
  return found;
}

function tsFiles(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p, suffix);
    return p.endsWith(suffix) ? [p] : [];
  });
}

const ROOT = path.join(__dirname, '..', '..');
/** The exported interfaces of the constructs' sources (base, agents, gitops). */
const OWN = interfacesIn(['base', 'agents', 'gitops'].flatMap(d => tsFiles(path.join(ROOT, 'src', d), '.ts')));
const PLUS = interfacesIn(tsFiles(path.join(ROOT, 'node_modules', 'cdk8s-plus-28', 'lib'), '.d.ts'));

/** A struct's props: its own and its bases', each with where it is declared ("own" or "cdk8s-plus"). */
export function propsOf(struct: string): { prop: string; from: 'own' | 'cdk8s-plus'; declaredIn: string }[] {
  const own = OWN.get(struct);
  if (own) return [...own.props.map(prop => ({ prop, from: 'own' as const, declaredIn: struct })), ...own.bases.flatMap(propsOf)];
  const plus = PLUS.get(struct);
  if (plus) return [...plus.props.map(prop => ({ prop, from: 'cdk8s-plus' as const, declaredIn: struct })), ...plus.bases.flatMap(propsOf)];
  throw new Error(`interface ${struct} is declared neither in src/ nor in cdk8s-plus-28`);
}

/** Exported interfaces of src/base, src/agents and src/gitops. */
export function exportedStructs(): string[] {
  const names: string[] = [];
  for (const file of new Set([...OWN.values()].map(d => d.file))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^export interface (\w+)/gm)) names.push(m[1]);
  }
  return names.sort();
}
