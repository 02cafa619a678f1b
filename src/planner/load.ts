/**
 * Reading the planner's input from disk: DaemonSets from YAML files and folders, nodes from
 * `kubectl get nodes -o json` output or a JSON array. Every failure is a PlannerInputError naming
 * the file (and line, for YAML and JSON syntax errors).
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments, type Document, type Tags } from 'yaml';
import { PlannerInputError } from './errors';
import { isObject } from './k8s-types';
import { checkNodes } from './validate';

/** A manifest (a DaemonSet, for the planner) and where it was found (`file:line`). */
export interface SourcedManifest {
  readonly manifest: any;
  readonly source: string;
}

const YAML_FILE = /\.ya?ml$/i;

/**
 * kubectl reads manifests as YAML 1.1 (sigs.k8s.io/yaml over go-yaml v2): `yes`, `on`, `y` are
 * booleans and `0644` is octal, so `nodeSelector: {gpu: yes}` is refused by the API server. We parse
 * the same way to agree with it, minus two YAML 1.1 types go-yaml does not resolve into plain
 * values: base-60 numbers (`12:30` stays a string) and timestamps (`2024-01-01` stays a string).
 */
const KUBECTL_TAGS = (tags: Tags): Tags =>
  tags.filter(t => !(typeof t === 'object' && (t.format === 'TIME' || t.tag === 'tag:yaml.org,2002:timestamp')));

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PlannerInputError(`${file}: cannot read: ${describeFsError(err)}`);
  }
}

/**
 * The YAML files under `dir`, recursively, sorted by path (code-point order, so the result does not
 * depend on the locale). Hidden folders and node_modules are skipped: they hold tooling, not manifests.
 */
function yamlFilesUnder(dir: string, visited: Set<string>): string[] {
  const real = fs.realpathSync(dir);
  if (visited.has(real)) return [];
  visited.add(real);
  const files: string[] = [];
  const entries = fs.readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of entries) {
    const full = path.join(dir, name);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      files.push(...yamlFilesUnder(full, visited));
    } else if (stat.isFile() && YAML_FILE.test(name)) {
      files.push(full);
    }
  }
  return files;
}

/** Files named on the command line, with folders expanded. A named file is read whatever its extension. */
export function expandPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      throw new PlannerInputError(`${p}: cannot read: ${describeFsError(err)}`);
    }
    files.push(...(stat.isDirectory() ? yamlFilesUnder(p, visited) : [p]));
  }
  return files;
}

function yamlErrorText(message: string): string {
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, '');
}

function lineOf(doc: Document | undefined, lines: LineCounter, fallback = 1): number {
  const start = doc?.range?.[0];
  return start === undefined ? fallback : lines.linePos(start).line;
}

/** The objects in one YAML text that `accept` keeps, looking inside `kind: *List` documents too. */
export function objectsFromYaml(text: string, file: string, accept: (obj: any) => boolean): SourcedManifest[] {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, version: '1.1', customTags: KUBECTL_TAGS });
  const docs = Array.isArray(parsed) ? parsed : [];
  const found: SourcedManifest[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      throw new PlannerInputError(`${file}:${pos.line}:${pos.col}: YAML error: ${yamlErrorText(error.message)}`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      throw new PlannerInputError(`${file}:${lineOf(doc, lines)}: YAML error: ${err instanceof Error ? err.message : String(err)}`);
    }
    const docLine = lines.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    if (!isObject(value)) continue;
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item: unknown, i: number) => {
        if (!isObject(item) || !accept(item)) return;
        const node = doc.getIn(['items', i], true) as { range?: [number, number, number] } | undefined;
        const line = node?.range ? lines.linePos(node.range[0]).line : docLine;
        found.push({ manifest: item, source: `${file}:${line}` });
      });
    } else if (accept(value)) {
      found.push({ manifest: value, source: `${file}:${docLine}` });
    }
  }
  return found;
}

const isDaemonSet = (obj: any): boolean => obj.kind === 'DaemonSet';

/** The DaemonSets in one YAML text: `kind: DaemonSet` documents and DaemonSets inside `kind: *List` documents. */
export function daemonSetsFromYaml(text: string, file: string): SourcedManifest[] {
  return objectsFromYaml(text, file, isDaemonSet);
}

/** Every object `accept` keeps in the given files and folders, in path order then document order. */
export function loadObjects(paths: readonly string[], accept: (obj: any) => boolean): SourcedManifest[] {
  return expandPaths(paths).flatMap(file => objectsFromYaml(readText(file), file, accept));
}

/** Every DaemonSet in the given files and folders, in path order then document order. */
export function loadDaemonSets(paths: readonly string[]): SourcedManifest[] {
  return loadObjects(paths, isDaemonSet);
}

/** `:line:col` of a JSON.parse error when V8 tells the offset (or it is the end of the input), else ''. */
function jsonPosition(text: string, message: string): string {
  const m = /at position (\d+)/.exec(message);
  const offset = m ? Number(m[1]) : /Unexpected end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `:${line}:${col}`;
}

/**
 * The nodes in a JSON text: a `List`/`NodeList` (as `kubectl get nodes -o json` prints), a JSON
 * array of Node objects, or a single Node. The nodes themselves are checked by the planner.
 */
export function nodesFromJson(text: string, file: string): any[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // V8 appends the position or a multi-line excerpt ("..." is not valid JSON); keep the first clause.
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, '');
    throw new PlannerInputError(`${file}${jsonPosition(text, message)}: invalid JSON: ${reason}`);
  }
  if (Array.isArray(doc)) return doc;
  if (isObject(doc) && Array.isArray(doc.items) && (doc.kind === 'List' || doc.kind === 'NodeList')) return doc.items;
  if (isObject(doc) && doc.kind === 'Node') return [doc];
  const what = isObject(doc) ? (doc.kind ? `a ${String(doc.kind)}` : 'an object without kind and items') : `a JSON ${doc === null ? 'null' : typeof doc}`;
  throw new PlannerInputError(`${file}: expected a Node list (kubectl get nodes -o json), a JSON array of Node objects or a Node, found ${what}`);
}

/** Reads a node inventory file and checks that it holds Node objects. */
export function loadNodes(file: string): any[] {
  const nodes = nodesFromJson(readText(file), file);
  checkNodes(nodes, file);
  return nodes;
}
