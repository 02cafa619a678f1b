/**
 * The one helper every synthesizing test goes through: it synthesizes a chart, validates each
 * object against the Kubernetes (or CRD) schema with kubernetes-models, and applies the checks the
 * API server would refuse that a JSON schema cannot express. Tests then assert on plain objects.
 */
import { Chart, Testing } from 'cdk8s';
import { apiServerProblems } from './api-server-rules';
import { promqlProblems } from './promql';
import { VerticalPodAutoscaler } from './vpa-schema';

/** A synthesized Kubernetes object as plain JSON. */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

interface SchemaModel { validate(): void }
type ModelClass = new (data: any) => SchemaModel;

// Which npm package holds the schema for an API group; core and built-in groups live in kubernetes-models.
const SCHEMA_PACKAGES: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'argoproj.io': '@kubernetes-models/argo-cd',
};

function modelFor(apiVersion: string, kind: string): ModelClass {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  // No npm package ships the VPA CRD's models: the schema is kept here, from the CRD itself.
  if (apiVersion === 'autoscaling.k8s.io/v1' && kind === 'VerticalPodAutoscaler') return VerticalPodAutoscaler;
  const pkg = SCHEMA_PACKAGES[group] ?? 'kubernetes-models';
  const modulePath = `${pkg}/${apiVersion}/${kind}`;
  let mod: Record<string, ModelClass>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(modulePath);
  } catch {
    throw new Error(`No schema for ${apiVersion} ${kind} (looked for ${modulePath}); add its package to SCHEMA_PACKAGES`);
  }
  const model = mod[kind];
  if (!model) throw new Error(`${modulePath} does not export ${kind}`);
  return model;
}

/** Validates one object against its schema; throws with the object's identity and the schema error. */
export function validateSchema(obj: Manifest): void {
  const Model = modelFor(obj.apiVersion, obj.kind);
  try {
    new Model(obj).validate();
  } catch (e) {
    throw new Error(`${obj.kind}/${obj.metadata?.name} fails the ${obj.apiVersion} schema: ${(e as Error).message}`);
  }
}

/**
 * Validates a set of objects: each against its schema, then all against the API server's rules,
 * and every alert expression against Prometheus's PromQL grammar.
 */
export function validateManifests(objs: Manifest[]): Manifest[] {
  objs.forEach(validateSchema);
  const promql = objs.flatMap(promqlProblems);
  if (promql.length > 0) throw new Error(`Prometheus could not parse these expressions:\n- ${promql.join('\n- ')}`);
  const problems = apiServerProblems(objs);
  if (problems.length > 0) {
    throw new Error(`The API server would refuse these objects:\n- ${problems.join('\n- ')}`);
  }
  return objs;
}

/** Synthesizes a chart and returns its objects after validating them. */
export function synth(chart: Chart): Manifest[] {
  return validateManifests(Testing.synth(chart) as Manifest[]);
}

/** The single object of a kind (and optionally name); fails when there is not exactly one. */
export function only(objs: Manifest[], kind: string, name?: string): Manifest {
  const found = objs.filter(o => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}${name ? `/${name}` : ''}, found ${found.length}: ${objs.map(o => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  }
  return found[0];
}

/** A new chart in a new app, the usual fixture. */
export function newChart(id = 'test', namespace?: string): Chart {
  return new Chart(Testing.app(), id, { namespace });
}
