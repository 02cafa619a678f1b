import * as fc from 'fast-check';
import { podSpecProblems } from '../../src/validation/output/pod-rules';
import { rememberedPodSpecProblems, withStandIns } from '../../src/validation/output/pod-spec-verdicts';
import { propertyRuns } from '../support/property-runs';

type Obj = any;
const AT = 'spec.template.spec';

/** A pod spec with every field a stand-in may take: a service account, ConfigMap, Secret and host path. */
const podSpec = (): Obj => ({
  serviceAccountName: 'agent',
  containers: [{
    name: 'agent',
    image: 'example.com/agent:1.0',
    volumeMounts: [{ name: 'config', mountPath: '/etc/agent' }, { name: 'token', mountPath: '/run/token' }, { name: 'state', mountPath: '/var/lib/agent' }],
  }],
  volumes: [
    { name: 'config', configMap: { name: 'agent-config' } },
    { name: 'token', secret: { secretName: 'agent-token' } },
    { name: 'state', hostPath: { path: '/var/lib/agent', type: 'DirectoryOrCreate' } },
  ],
});

/** Values a name field or host path may hold: valid, invalid, empty, or not a string at all. */
const fieldValues = fc.oneof(
  fc.constantFrom('agent', 'agent-2', 'name', '/', '/var/lib/x', 'a.b', 'Bad_Name', '', ' ', '-x', '/a/../b', '..', 'x'.repeat(300)),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(undefined, null, 0, NaN, true, ['a'], { name: 'a' }),
);

/** Sets `object[key]` where `object` is still an object (an earlier change may have replaced it). */
const setField = (object: unknown, key: string, v: unknown) => {
  if (typeof object === 'object' && object !== null) (object as Obj)[key] = v;
};

/** Sets one field of the pod spec, where a stand-in may go or elsewhere. */
const changes = fc.tuple(
  fc.constantFrom(
    (s: Obj, v: unknown) => setField(s, 'serviceAccountName', v),
    (s: Obj, v: unknown) => setField(s.volumes?.[0]?.configMap, 'name', v),
    (s: Obj, v: unknown) => setField(s.volumes?.[1]?.secret, 'secretName', v),
    (s: Obj, v: unknown) => setField(s.volumes?.[2]?.hostPath, 'path', v),
    (s: Obj, v: unknown) => setField(s.volumes?.[2], 'name', v),
    (s: Obj, v: unknown) => setField(s.containers[0].volumeMounts[0], 'name', v),
    (s: Obj, v: unknown) => setField(s.volumes?.[0], 'configMap', v),
    (s: Obj, v: unknown) => setField(s.volumes?.[2], 'hostPath', { path: v, type: 'Directory' }),
    (s: Obj, v: unknown) => setField(s, 'volumes', [s.volumes?.[2], s.volumes?.[0], v]),
  ),
  fieldValues,
);

describe('pod specs remembered apart from their names', () => {
  test('answer exactly what the rules answer for the spec as written, whatever the names hold', () => {
    fc.assert(fc.property(fc.array(fc.array(changes, { maxLength: 4 }), { minLength: 1, maxLength: 6 }), pods => {
      for (const pod of pods) {
        const spec = podSpec();
        pod.forEach(([change, value]) => change(spec, value));
        // The same problems, in the same order, with the values as written.
        expect(rememberedPodSpecProblems(AT, spec)).toEqual(podSpecProblems(AT, spec));
      }
    }), { numRuns: propertyRuns(300) });
  });

  test('a bad name is reported after pods that differ only in their names passed', () => {
    const named = (account: string, config: string, path: string): Obj => {
      const s = podSpec();
      s.serviceAccountName = account;
      s.volumes[0].configMap.name = config;
      s.volumes[2].hostPath.path = path;
      return s;
    };
    expect(rememberedPodSpecProblems(AT, named('a-1', 'a-1-config', '/var/lib/a-1'))).toEqual([]);
    expect(rememberedPodSpecProblems(AT, named('a-2', 'a-2-config', '/var/lib/a-2'))).toEqual([]);
    expect(rememberedPodSpecProblems(AT, named('A_3', 'a-3-config', '/var/lib/a-3')).map(p => [p.property, p.value])).toEqual([[`${AT}.serviceAccountName`, 'A_3']]);
    expect(rememberedPodSpecProblems(AT, named('a-4', '', '/var/lib/../a-4')).map(p => [p.property, p.value])).toEqual([
      [`${AT}.volumes[0].configMap.name`, ''],
      [`${AT}.volumes[2].hostPath.path`, '/var/lib/../a-4'],
    ]);
  });

  test('a list with a hole and one with an undefined item are different specs', () => {
    const container = { name: 'agent', image: 'example.com/agent:1.0' };
    // A field path of its own, so that the specs remembered by the tests above leave room for these.
    const at = 'spec.holes';
    // A hole is skipped by the rules; an undefined item is a container that is not an object.
    // eslint-disable-next-line no-sparse-arrays
    expect(rememberedPodSpecProblems(at, { containers: [, container] })).toEqual([]);
    expect(rememberedPodSpecProblems(at, { containers: [undefined, container] }).map(p => p.property)).toEqual([`${at}.containers[0]`]);
  });

  test('stand-ins replace valid names only, keep every key in its place and leave the spec as it was', () => {
    const spec = podSpec();
    spec.volumes[1].secret.secretName = '';
    const before = structuredClone(spec);
    const general = withStandIns(spec);
    expect(spec).toEqual(before);
    expect(general.serviceAccountName).not.toBe('agent');
    expect((general.volumes as Obj[])[0].configMap.name).not.toBe('agent-config');
    expect((general.volumes as Obj[])[1].secret.secretName).toBe('');
    expect((general.volumes as Obj[])[2].hostPath.path).not.toBe('/var/lib/agent');
    expect(Object.keys(general)).toEqual(Object.keys(spec));
    expect(Object.keys((general.volumes as Obj[])[2].hostPath)).toEqual(['path', 'type']);
    // Two pods that differ only in valid names look the same.
    const other = podSpec();
    other.serviceAccountName = 'other';
    other.volumes[0].configMap.name = 'other-config';
    other.volumes[2].hostPath.path = '/var/lib/other';
    expect(withStandIns(other)).toEqual(withStandIns(podSpec()));
  });
});
