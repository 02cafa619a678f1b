/**
 * A pod spec's problems, remembered apart from the names that make each agent's pod its own.
 *
 * The pods of one agent kind across a fleet differ only in the names of their service account,
 * ConfigMaps and Secrets and in per-instance host paths: the benchmark's 1,000 DaemonSets hold 4
 * distinct pod specs once those are set aside, against 1,000 as they are. Each of those fields is
 * checked by a rule that reads nothing but the field itself (pod-rules.ts), so one valid value can
 * stand in for another. Where a value passes its rule, a fixed valid value takes its place before
 * the spec is looked up, and the remembered verdict holds for every pod that differs only there.
 * A value that fails its rule stays as written, so its problem is found and reported as it is.
 */
import { isJson, Json, nameProblems, noBackstepsProblems } from './field-rules';
import { podSpecProblems } from './pod-rules';
import { Verdicts } from './verdicts';
import { Problem } from '../../base/errors';
import { merged } from '../../base/merged';

const NAME = 'name';
const PATH = '/';

const givenName = (v: unknown): v is string => typeof v === 'string' && v !== '';
/** As podSpecProblems checks spec.serviceAccountName. */
const validAccount = (v: unknown) => givenName(v) && nameProblems('', v, 'subdomain').length === 0;
/** As volumesProblems checks a hostPath's path. */
const validHostPath = (v: unknown) => givenName(v) && noBackstepsProblems('', v).length === 0;

/** `obj` with `obj[source][field]` replaced by `standIn` where `valid` accepts it. */
function withStandIn(obj: Json, source: string, field: string, valid: (v: unknown) => boolean, standIn: string): Json {
  const inner = obj[source];
  if (!isJson(inner) || !valid(inner[field]) || inner[field] === standIn) return obj;
  return merged(obj, { [source]: merged(inner, { [field]: standIn }) });
}

function volumeWithStandIns(volume: unknown): unknown {
  if (!isJson(volume)) return volume;
  let v = withStandIn(volume, 'configMap', 'name', givenName, NAME);
  v = withStandIn(v, 'secret', 'secretName', givenName, NAME);
  return withStandIn(v, 'hostPath', 'path', validHostPath, PATH);
}

/** The spec with a stand-in for each valid name and host path, in place (the key order kept). */
export function withStandIns(spec: Json): Json {
  let out = spec;
  if (validAccount(spec.serviceAccountName) && spec.serviceAccountName !== NAME) out = merged(out, { serviceAccountName: NAME });
  if (Array.isArray(spec.volumes)) {
    const volumes = spec.volumes.map(volumeWithStandIns);
    if (volumes.some((v, i) => v !== (spec.volumes as unknown[])[i])) out = merged(out, { volumes });
  }
  return out;
}

const verdicts = new Verdicts(256, 8);

/** podSpecProblems(at, spec), checked once for each spec that differs from the others only in names. */
export function rememberedPodSpecProblems(at: string, spec: Json): Problem[] {
  const general = withStandIns(spec);
  return verdicts.get(at, general, () => podSpecProblems(at, general));
}
