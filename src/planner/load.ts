/**
 * Reading the planner's and the audit's input: Kubernetes objects from YAML files, folders and
 * standard input (`-`), and node inventories in JSON or YAML. Every failure is a PlannerInputError
 * naming the file (and the line where there is one). How one input is read (regular files only,
 * the size limit, the encoding) is read-input.ts; how YAML is parsed, yaml-text.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkNodesOnce } from './checked-nodes';
import { PlannerInputError } from './errors';
import { JsonNodeList } from './json-node-list';
import { isObject } from './k8s-types';
import { describeFsError, inputName, MAX_INPUT_BYTES, NODE_LIST_LIMIT, readInput, readInputChunks, STDIN, TEXT_LIMIT, type SizeLimit } from './read-input';
import { yamlDocuments } from './yaml-text';
import { isNamespaced } from '../validation/output/metadata-rules';

/** A manifest (a DaemonSet, for the planner) and where it was found (`file:line`). */
export interface SourcedManifest {
  readonly manifest: any;
  readonly source: string;
}

const YAML_FILE = /\.ya?ml$/i;

/** Code-point order, so the result does not depend on the locale. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs a file-system call on `p`, turning its failure into a message naming `p`. */
function onPath<T>(p: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw new PlannerInputError(`${p}: cannot read: ${describeFsError(err)}`);
  }
}

/**
 * The YAML files under `dir`, recursively, sorted by path. Hidden folders and node_modules are
 * skipped: they hold tooling, not manifests. A folder reached twice through symbolic links is read
 * once. Every entry named *.yaml or *.yml that is not a folder is returned, so that one that is
 * not a regular file (a FIFO, a device) is refused when read instead of silently left out.
 */
function yamlFilesUnder(dir: string, visited: Set<string>): string[] {
  const real = onPath(dir, () => fs.realpathSync(dir));
  if (visited.has(real)) return [];
  visited.add(real);
  const files: string[] = [];
  for (const name of onPath(dir, () => fs.readdirSync(dir)).sort(byCodePoint)) {
    const full = path.join(dir, name);
    const stat = onPath(full, () => fs.statSync(full, { throwIfNoEntry: false }));
    if (!stat) continue; // a dangling symbolic link: nothing to read
    if (stat.isDirectory()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      files.push(...yamlFilesUnder(full, visited));
    } else if (YAML_FILE.test(name)) {
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
    if (p === STDIN) {
      files.push(p);
      continue;
    }
    const stat = onPath(p, () => fs.statSync(p));
    files.push(...(stat.isDirectory() ? yamlFilesUnder(p, visited) : [p]));
  }
  return files;
}

/** The objects in one YAML text that `accept` keeps, looking inside `kind: *List` documents too. */
export function objectsFromYaml(text: string, file: string, accept: (obj: any) => boolean): SourcedManifest[] {
  const found: SourcedManifest[] = [];
  for (const doc of yamlDocuments(text, file)) {
    const value = doc.value;
    if (!isObject(value)) continue;
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item: unknown, i: number) => {
        if (isObject(item) && accept(item)) found.push({ manifest: item, source: `${file}:${doc.itemLine(i)}` });
      });
    } else if (accept(value)) {
      found.push({ manifest: value, source: `${file}:${doc.line}` });
    }
  }
  return found;
}

const isDaemonSet = (obj: any): boolean => obj.kind === 'DaemonSet';

/** The DaemonSets in one YAML text: `kind: DaemonSet` documents and DaemonSets inside `kind: *List` documents. */
export function daemonSetsFromYaml(text: string, file: string): SourcedManifest[] {
  return objectsFromYaml(text, file, isDaemonSet);
}

/** How the API server identifies an object: kind, namespace ("default" when unset) and name. */
function identity(obj: any): string | undefined {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  if (typeof obj.kind !== 'string' || typeof meta.name !== 'string' || meta.name === '') return undefined;
  if (!isNamespaced(obj.kind)) return `${obj.kind} ${meta.name}`;
  return `${obj.kind} ${typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default'}/${meta.name}`;
}

/**
 * Refuses an object given twice: the cluster holds one object per kind, namespace and name, so the
 * second would replace the first (and planning both would report a host-port clash with itself).
 */
function checkUnique(objects: readonly SourcedManifest[]): void {
  const seen = new Map<string, string>();
  for (const { manifest, source } of objects) {
    const id = identity(manifest);
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first === source) throw new PlannerInputError(`${source}: ${id} is read twice: the file is named twice, or named and inside a folder also named; give it once`);
    if (first !== undefined) throw new PlannerInputError(`${source}: ${id} is given twice (also at ${first}); the cluster holds one object per kind, namespace and name`);
    seen.set(id, source);
  }
}

/**
 * Every object `accept` keeps in the given files and folders (`-` for standard input), in path
 * order then document order; an object given twice is refused.
 */
export function loadObjects(paths: readonly string[], accept: (obj: any) => boolean): SourcedManifest[] {
  const objects = expandPaths(paths).flatMap(file => objectsFromYaml(readInput(file), inputName(file), accept));
  checkUnique(objects);
  return objects;
}

/** Every DaemonSet in the given files and folders, in path order then document order. */
export function loadDaemonSets(paths: readonly string[]): SourcedManifest[] {
  return loadObjects(paths, isDaemonSet);
}

/** The nodes one parsed document holds, or a message saying what it holds instead. */
function nodesIn(doc: unknown, where: string): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (isObject(doc) && Array.isArray(doc.items) && (doc.kind === 'List' || doc.kind === 'NodeList')) return doc.items;
  if (isObject(doc) && doc.kind === 'Node') return [doc];
  const what = isObject(doc) ? (doc.kind ? `a ${String(doc.kind)}` : 'an object without kind and items') : `${doc === null ? 'null' : `a ${typeof doc}`}`;
  throw new PlannerInputError(`${where}: expected a Node list (kubectl get nodes -o json or -o yaml), a list of Node objects or a Node, found ${what}`);
}

/** A text that starts with `{` or `[` is JSON. */
const JSON_START = /^\s*[[{]/;
/** A character that says what the input is (a search that stops at the first). */
const NOT_BLANK = /\S/;

/** The nodes of a JSON text given in chunks, parsed one node at a time (json-node-list.ts). */
class JsonNodes {
  private readonly nodes: unknown[] = [];
  private readonly list: JsonNodeList;

  constructor(private readonly file: string) {
    this.list = new JsonNodeList(file, node => this.nodes.push(node), MAX_INPUT_BYTES);
  }

  public push(text: string): void {
    this.list.push(text);
  }

  public end(): unknown[] {
    return nodesIn(this.list.end(this.nodes), this.file);
  }
}

function yamlNodes(text: string, file: string): unknown[] {
  return yamlDocuments(text, file)
    .filter(doc => doc.value !== null && doc.value !== undefined)
    .flatMap(doc => nodesIn(doc.value, `${file}:${doc.line}`));
}

/**
 * The nodes in a node inventory: a `List`/`NodeList` (as `kubectl get nodes -o json|yaml` prints),
 * a list of Node objects, or a single Node, in JSON or YAML (a text that starts with `{` or `[` is
 * JSON; YAML may hold several documents, whose nodes are taken together). JSON is parsed as JSON,
 * not as YAML, because it is the usual form of a large inventory and JSON.parse is many times
 * faster. The nodes themselves are checked by the planner.
 */
export function nodesFromText(text: string, file: string): unknown[] {
  if (!JSON_START.test(text)) return yamlNodes(text, file);
  const json = new JsonNodes(file);
  json.push(text);
  return json.end();
}

/**
 * Reads a node inventory (a file, or standard input for `-`) and checks that it holds Node
 * objects, once: the planner does not check this list again (checked-nodes.ts). A JSON inventory is parsed as it is read, one node at a time, so it may be larger
 * (NODE_LIST_LIMIT) than a text read whole, as YAML is (TEXT_LIMIT): what it is is known from
 * its first characters.
 */
export function loadNodes(file: string): any[] {
  const name = inputName(file);
  let json: JsonNodes | undefined;
  let yaml = false;
  const parts: string[] = [];
  // Before the first chunk is seen, and once the input is known as JSON, the larger limit.
  const limit = (): SizeLimit => (json || parts.length === 0 ? NODE_LIST_LIMIT : TEXT_LIMIT);
  readInputChunks(file, limit, chunk => {
    if (json) return json.push(chunk);
    parts.push(chunk);
    // Until its first character that is not whitespace, the input may be either.
    if (yaml || !NOT_BLANK.test(chunk)) return undefined;
    if (JSON_START.test(chunk)) {
      json = new JsonNodes(name);
      for (const part of parts) json.push(part);
      parts.length = 0;
    } else {
      yaml = true;
    }
    return undefined;
  });
  return checkNodesOnce(json ? json.end() : yamlNodes(parts.join(''), name), name);
}
