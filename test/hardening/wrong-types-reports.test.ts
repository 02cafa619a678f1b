/**
 * Wrong types at the privilege report's and the coverage planner's entry points. PrivilegeAudit
 * refuses them with ValidationError; the planner with its own error for bad input,
 * PlannerInputError, in the same "<API>: invalid <argument>: <value as given>. <fix>" form. The
 * report's and the plan's methods take back what audit and plan returned, checked field by field.
 * Manifests given to the audit are read with the types Kubernetes gives their fields: a wrong type
 * is named (object, field, value), never a TypeError and never misread.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { BOOLEAN, ENUM, EntryPoint, Field, listOf, NUMBER, Shape, STRING, wrongTypes } from './entry-points';
import { CoveragePlanner, PlacementReason, PodSecurityLevel, PrivilegeAudit, PrivilegeReport, ValidationError } from '../../src';
import { PRIVILEGE_REPORT_SCHEMA } from '../../src/audit/privilege-report';
import { struct } from '../../src/validation/guards';
import { propertyRuns } from '../support/property-runs';

const optional = (shape: Shape) => ({ shape, optional: true });
const required = (shape: Shape) => ({ shape });
/** A result type's shape: fields named under the argument, fields a caller adds left alone. */
const result = (valid: Record<string, unknown>, fields: Record<string, Field>): Shape => ({ kind: 'struct', valid, fields, allowUnknown: true });
const call = (fn: (...args: any[]) => unknown, ...args: unknown[]) => () => ({ call: fn, args });

const AUDIT_FIXTURES = path.join(__dirname, '..', 'audit', 'fixtures');
const PLANNER_FIXTURES = path.join(__dirname, '..', 'planner', 'fixtures');

const finding = { control: 'Host Namespaces', field: 'spec.hostPID', justification: 'reads every process', privilege: 'hostPID' };
const grant = { role: 'ClusterRole/reader', binding: 'ClusterRoleBinding/reader', apiGroups: [''], resources: ['pods'], verbs: ['get'], justification: 'unjustified' };
const audited = {
  name: 'agent', namespace: 'tools', source: '', level: PodSecurityLevel.BASELINE, violations: [finding], rbac: [grant], serviceAccount: 'tools/agent', tokenMounted: true,
};
const report: Shape = result({ daemonSets: [audited] }, {
  daemonSets: required(listOf(result(audited, {
    name: required(STRING),
    namespace: required(STRING),
    source: required(STRING),
    level: required(ENUM),
    violations: required(listOf(result(finding, {
      control: required(STRING), field: required(STRING), justification: required(STRING), privilege: required(STRING),
    }))),
    rbac: required(listOf(result(grant, {
      role: required(STRING),
      binding: required(STRING),
      apiGroups: required(listOf(STRING)),
      resources: required(listOf(STRING)),
      verbs: required(listOf(STRING)),
      resourceNames: optional(listOf(STRING)),
      justification: required(STRING),
      note: optional(STRING),
    }))),
    serviceAccount: required(STRING),
    tokenMounted: required(BOOLEAN),
  }))),
});
const colorOptions = (valid: object): Shape => ({ kind: 'struct', bare: true, valid: { ...valid }, fields: { color: optional(BOOLEAN) } });

const auditEntries: EntryPoint[] = [
  { api: 'PrivilegeAudit.audit', params: [{ name: 'manifests', shape: listOf({ kind: 'object' }) }], setup: call(PrivilegeAudit.audit, [{ kind: 'DaemonSet' }]) },
  { api: 'PrivilegeAudit.fromFiles', params: [{ name: 'paths', shape: listOf(STRING) }], setup: call(PrivilegeAudit.fromFiles, [AUDIT_FIXTURES]) },
  { api: 'PrivilegeAudit.toJson', params: [{ name: 'report', shape: report }], setup: call(PrivilegeAudit.toJson, { daemonSets: [audited] }) },
  { api: 'PrivilegeAudit.unjustifiedCount', params: [{ name: 'report', shape: report }], setup: call(PrivilegeAudit.unjustifiedCount, { daemonSets: [audited] }) },
  {
    api: 'PrivilegeAudit.formatText',
    params: [{ name: 'report', shape: report }, { name: 'options', shape: colorOptions({ color: true }), optional: true }],
    setup: call(PrivilegeAudit.formatText, { daemonSets: [audited] }, { color: true }),
  },
];

const placement = { node: 'n1', shouldRun: true, shouldContinueRunning: true, reason: PlacementReason.ELIGIBLE, message: '' };
const rollout = { strategy: 'RollingUpdate', desiredNumberScheduled: 1, maxUnavailable: 1, maxSurge: 0, waves: 1, minReadySeconds: 0, minDurationSeconds: 0 };
const dsPlan = { name: 'agent', namespace: 'default', coveredNodes: 1, totalNodes: 1, intendedNodes: 1, runningNodes: 1, nodes: [placement], rollout, warnings: [], notices: [] };
const daemonSetPlan: Shape = result(dsPlan, {
  name: required(STRING),
  namespace: required(STRING),
  source: optional(STRING),
  coveredNodes: required(NUMBER),
  totalNodes: required(NUMBER),
  intendedNodes: required(NUMBER),
  runningNodes: required(NUMBER),
  notices: required(listOf(STRING)),
  nodes: required(listOf(result(placement, {
    node: required(STRING), shouldRun: required(BOOLEAN), shouldContinueRunning: required(BOOLEAN), reason: required(ENUM), message: required(STRING),
  }))),
  rollout: required(result(rollout, Object.fromEntries(Object.keys(rollout).map(k => [k, required(k === 'strategy' ? STRING : NUMBER)])))),
  warnings: required(listOf(result({ kind: 'InsufficientResources', node: 'n1', message: 'm', summary: 's' }, {
    kind: required(ENUM), node: required(STRING), message: required(STRING), summary: required(STRING),
  }))),
});
const OBJECT: Shape = { kind: 'object' };
const footprint = { nodes: [], pools: [] };
const planValue = { daemonSets: [dsPlan], totalNodes: 1, footprint };
const plan: Shape = result(planValue, {
  daemonSets: required(listOf(daemonSetPlan)),
  totalNodes: required(NUMBER),
  footprint: required(result(footprint, { nodes: required(listOf(OBJECT)), pools: required(listOf(OBJECT)) })),
});
const planner = (entry: Omit<EntryPoint, 'error'>): EntryPoint => ({ ...entry, error: 'PlannerInputError' });

const plannerEntries: EntryPoint[] = [
  planner({
    api: 'CoveragePlanner.plan',
    params: [{ name: 'daemonSets', shape: { kind: 'array' } }, { name: 'nodes', shape: { kind: 'array' } }, { name: 'runtimeClasses', shape: { kind: 'array' }, optional: true }],
    setup: call(CoveragePlanner.plan, [], [], []),
  }),
  planner({
    api: 'CoveragePlanner.fromFiles',
    params: [{ name: 'paths', shape: listOf(STRING) }, { name: 'nodesFile', shape: STRING }],
    setup: call(CoveragePlanner.fromFiles, [path.join(PLANNER_FIXTURES, 'daemonsets.yaml')], path.join(PLANNER_FIXTURES, 'nodes.json')),
  }),
  planner({ api: 'CoveragePlanner.loadDaemonSets', params: [{ name: 'paths', shape: listOf(STRING) }], setup: call(CoveragePlanner.loadDaemonSets, [path.join(PLANNER_FIXTURES, 'daemonsets.yaml')]) }),
  planner({ api: 'CoveragePlanner.loadNodes', params: [{ name: 'nodesFile', shape: STRING }], setup: call(CoveragePlanner.loadNodes, path.join(PLANNER_FIXTURES, 'nodes.json')) }),
  planner({ api: 'CoveragePlanner.coveragePercent', params: [{ name: 'daemonSet', shape: daemonSetPlan }], setup: call(CoveragePlanner.coveragePercent, dsPlan) }),
  planner({ api: 'CoveragePlanner.toJson', params: [{ name: 'plan', shape: plan }], setup: call(CoveragePlanner.toJson, planValue) }),
  planner({
    api: 'CoveragePlanner.formatText',
    params: [{ name: 'plan', shape: plan }, { name: 'options', shape: colorOptions({}), optional: true }],
    setup: call(CoveragePlanner.formatText, planValue, {}),
  }),
];

describe('PrivilegeAudit', () => wrongTypes(auditEntries));
describe('CoveragePlanner', () => wrongTypes(plannerEntries));

describe('the planner names a list item that is not an object itself', () => {
  test.each([
    ['a null DaemonSet', () => CoveragePlanner.plan([null], []), 'DaemonSet #1: expected a DaemonSet object, found null'],
    ['a string DaemonSet', () => CoveragePlanner.plan(['x'], []), 'DaemonSet #1: expected a DaemonSet object, found string "x"'],
    ['a null node', () => CoveragePlanner.plan([], [null]), 'nodes: item 0: expected a Node object, found null'],
    ['a number node', () => CoveragePlanner.plan([], [42]), 'nodes: item 0: expected a Node object, found number 42'],
    // validate.ts renders the value with JSON.stringify, so NaN reads "null" there (not this file's to change).
    ['a NaN node', () => CoveragePlanner.plan([], [NaN]), /^nodes: item 0: expected a Node object, found number /],
  ])('%s', (_name, run, message) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).name).toBe('PlannerInputError');
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });
});

const daemonSet = (pod: object, metadata: object = { name: 'agent' }, template: object = {}) =>
  ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { template: { ...template, spec: pod } } });
const container = (fields: object) => ({ containers: [{ name: 'main', image: 'example.com/agent:1.0.0', ...fields }] });

describe('the audit reads manifests with the types Kubernetes gives their fields', () => {
  test.each<[string, object, string, string]>([
    ['containers that are not a list', daemonSet({ containers: 'main' }), 'manifests[0].spec.template.spec.containers', '"main"'],
    ['a null container', daemonSet({ containers: [null] }), 'manifests[0].spec.template.spec.containers[0]', 'null'],
    ['a capability list written as one string', daemonSet(container({ securityContext: { capabilities: { add: 'NET_ADMIN' } } })),
      'manifests[0].spec.template.spec.containers[0].securityContext.capabilities.add', '"NET_ADMIN"'],
    ['privileged as a string', daemonSet(container({ securityContext: { privileged: 'true' } })), 'manifests[0].spec.template.spec.containers[0].securityContext.privileged', '"true"'],
    ['hostNetwork as a string', daemonSet({ hostNetwork: 'yes' }), 'manifests[0].spec.template.spec.hostNetwork', '"yes"'],
    ['runAsUser as a string', daemonSet(container({ securityContext: { runAsUser: '0' } })), 'manifests[0].spec.template.spec.containers[0].securityContext.runAsUser', '"0"'],
    ['a justification that is not a string', daemonSet({}, { name: 'agent', annotations: { 'justification.cdk8s-daemonsets.io/hostPID': 5 } }),
      'manifests[0].metadata.annotations[justification.cdk8s-daemonsets.io/hostPID]', '5'],
    ['volumes that are an object', daemonSet({ volumes: { name: 'root' } }), 'manifests[0].spec.template.spec.volumes', '{"name":"root"}'],
    ['a role whose rules are not a list', { kind: 'ClusterRole', metadata: { name: 'r' }, rules: { verbs: ['get'] } }, 'manifests[0].rules', '{"verbs":["get"]}'],
    ['a binding whose subjects hold null', { kind: 'ClusterRoleBinding', metadata: { name: 'b' }, subjects: [null] }, 'manifests[0].subjects[0]', 'null'],
  ])('refuses %s', (_name, manifest, property, value) => {
    let error: unknown;
    try {
      PrivilegeAudit.audit([manifest]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(`PrivilegeAudit.audit: invalid ${property}: ${value}. `);
  });

  test('YAML\'s empty value (null) is read as unset, as Kubernetes reads it', () => {
    const manifest = daemonSet({ ...container({ securityContext: null, ports: null }), volumes: null, securityContext: { seLinuxOptions: null } },
      { name: 'agent', annotations: null }, { metadata: { annotations: null } });
    const [audit] = PrivilegeAudit.audit([manifest]).daemonSets;
    expect(audit.name).toBe('agent');
    expect(audit.violations.map(v => v.control)).not.toContain('SELinux');
  });

  test('a file with a wrong type is reported with its file and line, as the loader reports bad files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wrong-types-audit-'));
    try {
      fs.writeFileSync(path.join(dir, 'agent.yaml'), [
        'kind: ConfigMap', '---', 'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: { name: a }', 'spec:',
        '  selector: { matchLabels: { app: a } }', '  template:', '    metadata: { labels: { app: a } }', '    spec:',
        '      hostPID: "true"', '      containers: [{ name: a, image: "example.com/a:v1" }]', '',
      ].join('\n'));
      let error: unknown;
      try {
        PrivilegeAudit.fromFiles([dir]);
      } catch (e) {
        error = e;
      }
      expect(error).toEqual(expect.objectContaining({ name: 'PlannerInputError' }));
      // Only the wrong type is reported, at the document's line, naming the object and the field.
      expect((error as Error).message).toBe(`${path.join(dir, 'agent.yaml')}:3: DaemonSet default/a: invalid spec.template.spec.hostPID: "true". Use true or false (not a string).`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('random values anywhere in a DaemonSet give a well-typed report or a ValidationError, never a TypeError', () => {
    const isReport = struct(PRIVILEGE_REPORT_SCHEMA, 'PrivilegeReport', { allowUnknown: true });
    const pod = {
      ...container({ securityContext: { capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } }, ports: [{ containerPort: 80, hostPort: 80 }] }),
      volumes: [{ name: 'root', hostPath: { path: '/' } }],
      securityContext: { sysctls: [{ name: 'kernel.x', value: '1' }] },
    };
    const base = daemonSet(pod, { name: 'agent', annotations: {} });
    const paths = collectPaths(base);
    fc.assert(fc.property(fc.constantFrom(...paths), fc.anything({ withNullPrototype: false }), (at, value) => {
      const manifest = setAt(structuredClone(base), at, value);
      let outcome: PrivilegeReport | undefined;
      try {
        outcome = PrivilegeAudit.audit([manifest]);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return;
      }
      expect(isReport(outcome, 'report')).toEqual([]);
      expect(() => PrivilegeAudit.formatText(outcome!)).not.toThrow();
    }), { numRuns: propertyRuns(400) });
  });
});

/** Every path to a value in `obj` (object keys and list indexes). */
function collectPaths(obj: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  const own = Object.entries(obj).flatMap(([k, v]) => collectPaths(v, [...prefix, Array.isArray(obj) ? Number(k) : k]));
  return prefix.length > 0 ? [prefix, ...own] : own;
}

function setAt<T>(obj: T, at: (string | number)[], value: unknown): T {
  let node: any = obj;
  for (const key of at.slice(0, -1)) node = node[key];
  node[at[at.length - 1]] = value;
  return obj;
}
