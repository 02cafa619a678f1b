import * as path from 'path';
import { Testing } from 'cdk8s';
import { CniAgentDaemonSet, LogCollectorDaemonSet, LogOutput, NodeExporterDaemonSet, PodSecurityLevel, Privilege, PrivilegeAudit } from '../../src';
import { agent, agentContainer } from '../base/fixtures';
import { newChart, synth } from '../support/manifests';

const UNJUSTIFIED = path.join(__dirname, 'fixtures', 'unjustified.yaml');

describe('PrivilegeAudit', () => {
  test('node-exporter: privileged, every privilege justified by the agent, no RBAC and no token', () => {
    const chart = newChart();
    new NodeExporterDaemonSet(chart, 'node-exporter');
    const [report] = PrivilegeAudit.audit(synth(chart)).daemonSets;
    expect(report.name).toBe('node-exporter');
    expect(report.level).toBe(PodSecurityLevel.PRIVILEGED);
    expect(report.violations.map(v => v.privilege)).toEqual(['hostNetwork', 'hostPID', 'hostPath.proc', 'hostPath.sys', 'hostPath.root', 'hostPort.9100']);
    for (const v of report.violations) expect(v.justification).not.toBe('unjustified');
    expect(report.rbac).toEqual([]);
    expect(report.tokenMounted).toBe(false);
  });

  test('a privileged CNI: the privileged justification answers the capabilities finding it causes', () => {
    const chart = newChart();
    new CniAgentDaemonSet(chart, 'flannel', { privileged: true });
    const report = PrivilegeAudit.audit(synth(chart));
    const capabilities = report.daemonSets[0].violations.find(v => v.control === 'Capabilities');
    expect(capabilities).toEqual(expect.objectContaining({ field: 'spec.containers[0].securityContext.capabilities.drop', privilege: 'privileged.flannel' }));
    expect(capabilities!.justification).toMatch(/^Set explicitly \(privileged: true\)/);
    expect(PrivilegeAudit.unjustifiedCount(report)).toBe(0);
  });

  test('log collector: RBAC resolved through its ClusterRoleBinding, with the API-access justification', () => {
    const chart = newChart();
    new LogCollectorDaemonSet(chart, 'logs', { outputs: [LogOutput.stdout()] });
    const [report] = PrivilegeAudit.audit(synth(chart)).daemonSets;
    expect(report.rbac).toEqual([expect.objectContaining({
      role: 'ClusterRole/logging-fluent-bit',
      binding: 'ClusterRoleBinding/logging-fluent-bit',
      apiGroups: [''],
      resources: ['namespaces', 'pods'],
      verbs: ['get', 'list', 'watch'],
    })]);
    expect(report.rbac[0].justification).toMatch(/kubernetes filter/);
    expect(report.tokenMounted).toBe(true);
  });

  test('a restricted agent needs no justification at all', () => {
    const chart = newChart('test', 'ns');
    agent(chart, { containers: [agentContainer({ securityContext: { ensureNonRoot: true, user: 65534, capabilities: { drop: ['ALL' as any] } } })] });
    const report = PrivilegeAudit.audit(synth(chart));
    expect(report.daemonSets[0].level).toBe(PodSecurityLevel.RESTRICTED);
    expect(report.daemonSets[0].violations).toEqual([]);
    expect(PrivilegeAudit.unjustifiedCount(report)).toBe(0);
  });

  test('a privilege a user adds through the escape hatch is reported as unjustified', () => {
    const chart = newChart();
    new NodeExporterDaemonSet(chart, 'node-exporter');
    // A hand edit to the synthesized object, as a user's escape hatch or another tool would make.
    const objs = Testing.synth(chart);
    const ds = objs.find(o => o.kind === 'DaemonSet');
    ds.spec.template.spec.hostIPC = true;
    const report = PrivilegeAudit.audit(objs);
    expect(report.daemonSets[0].violations.filter(v => v.justification === 'unjustified')).toEqual([
      { control: 'Host Namespaces', field: 'spec.hostIPC', privilege: 'hostIPC', justification: 'unjustified' },
    ]);
    expect(PrivilegeAudit.unjustifiedCount(report)).toBe(1);
  });

  test('long container and volume names (valid Kubernetes names up to 63 characters) are justified and read back', () => {
    const chart = newChart('test', 'ns');
    const container = 'c'.repeat(55);
    const a = agent(chart, { containers: [agentContainer({ name: container, securityContext: { ensureNonRoot: false, user: 0 } })] });
    a.justify(Privilege.runAsRoot(container), 'needs root to read the node');
    a.mountHostPath(a.containers[0], { name: 'v'.repeat(60), hostPath: '/var/log', justification: 'reads the node logs' });
    const [report] = PrivilegeAudit.audit(synth(chart)).daemonSets;
    const keys = report.violations.map(v => v.privilege);
    expect(keys).toContain(Privilege.runAsRoot(container).key);
    expect(keys).toContain(Privilege.hostPath('v'.repeat(60)).key);
    for (const key of keys) expect(key.length).toBeLessThanOrEqual(63);
    const justification = (key: string) => report.violations.find(v => v.privilege === key)?.justification;
    expect(justification(Privilege.runAsRoot(container).key)).toBe('needs root to read the node');
    expect(justification(Privilege.hostPath('v'.repeat(60)).key)).toBe('reads the node logs');
    // Distinct names keep distinct keys.
    expect(Privilege.hostPath(`${'v'.repeat(60)}a`).key).not.toBe(Privilege.hostPath(`${'v'.repeat(60)}b`).key);
  });

  describe('any manifests', () => {
    const [report] = PrivilegeAudit.fromFiles([UNJUSTIFIED]).daemonSets;

    test('level, source and each violation with its justification or "unjustified"', () => {
      expect(report.source).toBe(`${UNJUSTIFIED}:4`);
      expect(report.level).toBe(PodSecurityLevel.PRIVILEGED);
      expect(report.violations.map(v => [v.control, v.field, v.justification])).toEqual([
        ['Host Namespaces', 'spec.hostPID', 'reads every process'],
        ['Host Namespaces', 'spec.hostIPC', 'unjustified'],
        ['Privileged Containers', 'spec.containers[0].securityContext.privileged', 'unjustified'],
        ['HostPath Volumes', 'spec.volumes[0].hostPath (root: /)', 'unjustified'],
        ['Running as Non-root', 'spec.containers[0].securityContext.runAsNonRoot', 'unjustified'],
        ['Seccomp', 'spec.containers[0].securityContext.seccompProfile.type', 'unjustified'],
        ['Capabilities', 'spec.containers[0].securityContext.capabilities.drop', 'unjustified'],
      ]);
    });

    test('RBAC: a RoleBinding to a Role, a group binding, and a role that is not in the manifests; other accounts\' bindings ignored', () => {
      expect(report.serviceAccount).toBe('tools/hand-made');
      expect(report.tokenMounted).toBe(true);
      expect(report.rbac).toEqual([
        { role: 'Role/tools/config-reader', binding: 'RoleBinding/tools/config-reader', apiGroups: [''], resources: ['configmaps'], resourceNames: ['hand-made'], verbs: ['get'], justification: 'unjustified' },
        { role: 'ClusterRole/node-reader', binding: 'ClusterRoleBinding/all-service-accounts-read-nodes', apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'], justification: 'unjustified' },
        { role: 'ClusterRole/defined-elsewhere', binding: 'ClusterRoleBinding/elsewhere', apiGroups: [], resources: [], verbs: [], justification: 'unjustified', note: 'the role is not among the manifests read, so its rules are unknown' },
      ]);
    });

    test('the JSON document has the documented shape', () => {
      const json = PrivilegeAudit.toJson({ daemonSets: [report] });
      expect(Object.keys(json)).toEqual(['daemonSets']);
      expect(Object.keys(json.daemonSets[0])).toEqual(['name', 'namespace', 'level', 'violations', 'rbac', 'serviceAccount', 'tokenMounted']);
      expect(json.daemonSets[0].violations[0]).toEqual({ control: 'Host Namespaces', field: 'spec.hostPID', justification: 'reads every process' });
    });

    test('the text report flags what is unjustified', () => {
      const text = PrivilegeAudit.formatText({ daemonSets: [report] });
      expect(text).toContain('DaemonSet tools/hand-made');
      expect(text).toContain('  - Host Namespaces: spec.hostIPC\n      UNJUSTIFIED\n');
      expect(text).toContain('  - ClusterRole/defined-elsewhere via ClusterRoleBinding/elsewhere: the role is not among the manifests read, so its rules are unknown');
      expect(text).toContain('  9 unjustified');
      expect(text).not.toContain('\u001b[');
      expect(PrivilegeAudit.formatText({ daemonSets: [report] }, { color: true })).toContain('\u001b[31mUNJUSTIFIED\u001b[0m');
    });
  });
});
