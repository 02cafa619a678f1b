/**
 * The output validator's place in synthesis: before any object leaves the app (`app.synth()`,
 * `app.synthYaml()`, `Chart.toJson()`/`Testing.synth()`, and so `cdk8s synth` and SafeSynth),
 * every Kubernetes object of the app is serialized and checked as its consumer would check it,
 * objects with the same identity anywhere in the app are refused, and every problem of the app
 * is thrown as one ValidationError located at the construct that emitted it.
 *
 * cdk8s runs the app's validations once at the start of `app.synth()` and again for every chart
 * it serializes; doing the whole-app check each time would serialize the app once per chart.
 * Within one `app.synth()` the tree cannot change, so the check runs once and the objects it
 * serialized are handed to cdk8s as they are (each object's `toJson` answers from that result
 * until the synth returns). Outside `app.synth()` nothing is reused.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isNamespaced } from './output/metadata-rules';
import { objectProblems } from './output/object-rules';
import { ValidationError, ValidationProblem } from './validation-error';
import { Problem } from '../base/errors';

/** A construct that knows of problems that would stop it from serializing at all. */
export interface ISynthPreconditions {
  /** Problems to report instead of serializing the construct's objects. @internal */
  _synthPreconditionProblems(): Problem[];
}

interface AppState {
  synthesizing: boolean;
  checked: boolean;
  readonly serialized: Map<ApiObject, unknown>;
  /** What completes the objects before they are read (e.g. sync-wave annotations). */
  readonly preparations: Array<() => void>;
}

const states = new WeakMap<IConstruct, AppState>();
const patchedObjects = new WeakSet<ApiObject>();

/** Makes the app of `scope` validate its output at synth (once per app; later calls do nothing). */
export function validateOnSynth(scope: IConstruct): void {
  stateOf(scope);
}

/**
 * Runs `prepare` at every synthesis of the app, before its objects are serialized and checked:
 * for what can only be done once every object exists (annotating every object under a scope).
 */
export function prepareForSynth(scope: IConstruct, prepare: () => void): void {
  stateOf(scope).preparations.push(prepare);
}

function stateOf(scope: IConstruct): AppState {
  const root = scope.node.root;
  const existing = states.get(root);
  if (existing) return existing;
  const state: AppState = { synthesizing: false, checked: false, serialized: new Map(), preparations: [] };
  states.set(root, state);
  root.node.addValidation({ validate: () => checkApp(root, state) });
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = (root as unknown as { [m: string]: unknown })[method];
    if (typeof original !== 'function') continue;
    Object.defineProperty(root, method, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        state.synthesizing = true;
        state.checked = false;
        try {
          return original.apply(this, args);
        } finally {
          state.synthesizing = false;
          state.serialized.clear();
        }
      },
    });
  }
  return state;
}

function hasPreconditions(c: IConstruct): c is IConstruct & ISynthPreconditions {
  return typeof (c as Partial<ISynthPreconditions>)._synthPreconditionProblems === 'function';
}

/** The construct to name for an object: cdk8s-plus puts its ApiObject under "Resource". */
function ownerPath(obj: ApiObject): string {
  const scope = obj.node.scope;
  return obj.node.id === 'Resource' && scope && scope.node.path !== '' ? scope.node.path : obj.node.path;
}

/**
 * Makes `obj.toJson()` answer from one serialization per synthesis: the first call (from this
 * check, or from an object that reads another, as a Namespace reads its DaemonSets) computes it,
 * every later call until the synthesis ends reuses it.
 */
function shareSerialization(obj: ApiObject, state: AppState): void {
  if (patchedObjects.has(obj)) return;
  patchedObjects.add(obj);
  const original = obj.toJson;
  Object.defineProperty(obj, 'toJson', {
    configurable: true,
    writable: true,
    value: function (this: ApiObject) {
      if (!state.synthesizing) return original.call(this);
      if (!state.serialized.has(this)) state.serialized.set(this, original.call(this));
      return state.serialized.get(this);
    },
  });
}

function identity(json: unknown): string | undefined {
  const o = json as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof o?.kind !== 'string' || typeof o.apiVersion !== 'string' || typeof o.metadata?.name !== 'string') return undefined;
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  const namespace = isNamespaced(o.kind) && typeof o.metadata.namespace === 'string' ? o.metadata.namespace : '';
  return `${o.kind}.${group} ${namespace}/${o.metadata.name}`;
}

/** Every problem of the app's output; none when it may be emitted. */
export function appProblems(root: IConstruct, state?: AppState): ValidationProblem[] {
  const all = root.node.findAll();
  states.get(root)?.preparations.forEach(prepare => prepare());
  const objects = all.filter((c): c is ApiObject => c instanceof ApiObject);
  // Before the preconditions, which may read an object's JSON: that serialization is then the one checked.
  if (state) objects.forEach(o => shareSerialization(o, state));
  const problems: ValidationProblem[] = [];
  const blocked = new Set<string>();
  for (const c of all) {
    if (!hasPreconditions(c)) continue;
    const found = c._synthPreconditionProblems();
    found.forEach(p => problems.push({ path: c.node.path, property: p.property, value: p.value, fix: p.expected }));
    if (found.length > 0) blocked.add(c.node.path);
  }
  // Paths are only worked out where needed: building one walks the construct's scopes.
  const seen = new Map<string, ApiObject>();
  for (const c of objects) {
    if (blocked.size > 0 && blocked.has(ownerPath(c))) continue;
    let json: unknown;
    try {
      json = c.toJson();
    } catch (e) {
      problems.push({ path: ownerPath(c), property: 'serialization', value: c.kind, fix: (e as Error).message });
      continue;
    }
    const kind = (json as { kind?: string }).kind ?? c.kind;
    for (const p of objectProblems(json)) problems.push({ path: ownerPath(c), property: `${kind} ${p.property}`, value: p.value, fix: p.expected });
    const id = identity(json);
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({ path: ownerPath(c), property: 'object identity', value: id, fix: `${ownerPath(first)} emits the same object: give one of them another name (instance) or namespace.` });
    } else {
      seen.set(id, c);
    }
  }
  return problems;
}

function checkApp(root: IConstruct, state: AppState): string[] {
  if (state.synthesizing && state.checked) return [];
  const problems = appProblems(root, state);
  if (problems.length > 0) {
    state.serialized.clear();
    throw new ValidationError(problems);
  }
  state.checked = state.synthesizing;
  return [];
}
