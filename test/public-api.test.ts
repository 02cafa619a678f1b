/**
 * The package root is the API: classes and enums by name, never helper functions or constants,
 * which JavaScript users could otherwise import and come to depend on.
 */
import * as api from '../src';

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
}

/** A TypeScript enum compiles to an object of string (or number) values. */
function isEnum(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.values(value).every(v => typeof v === 'string' || typeof v === 'number');
}

describe('the package root', () => {
  test('exports only classes and enums', () => {
    const others = Object.entries(api).filter(([, value]) => !isClass(value) && !isEnum(value)).map(([name]) => name);
    expect(others).toEqual([]);
  });

  test('exports the agents, the base, delivery, the audit, the planner and ValidationError', () => {
    for (const name of ['NodeAgent', 'LogCollectorDaemonSet', 'NodeExporterDaemonSet', 'CniAgentDaemonSet', 'GpuMonitorDaemonSet', 'SecurityAgentDaemonSet', 'SafeSynth', 'ArgoCdApplication', 'PrivilegeAudit', 'CoveragePlanner', 'ValidationError']) {
      expect(Object.keys(api)).toContain(name);
    }
    expect(new api.ValidationError([])).toBeInstanceOf(Error);
  });

  test('exports the monitoring and autoscaling types by name', () => {
    for (const name of ['KubeRbacProxyVersion', 'RelabelAction', 'VpaUpdateMode', 'VpaControlledValues']) {
      expect(Object.keys(api)).toContain(name);
    }
  });

  test('exports the storage agent and its building blocks by name', () => {
    for (const name of ['StorageAgentDaemonSet', 'CsiDriver', 'KubeletRoot', 'FsGroupPolicy', 'VolumeLifecycleMode', 'AwsEbsCsiDriverVersion', 'NodeDriverRegistrarVersion', 'LivenessProbeVersion']) {
      expect(Object.keys(api)).toContain(name);
    }
    for (const helper of ['socketPathProblems', 'renderCsiDriverSpec', 'csiDriverSpecProblems', 'STORAGE_AGENT_PROPS_SCHEMA']) {
      expect(Object.keys(api)).not.toContain(helper);
    }
  });

  test('exports Cilium\'s options by name; its operator, ConfigMap and chart data stay inside', () => {
    for (const name of ['CiliumVersion', 'CiliumRouting', 'CiliumTunnelProtocol', 'CiliumIpam']) {
      expect(Object.keys(api)).toContain(name);
    }
    for (const helper of ['CiliumControlPlane', 'describeCilium', 'ciliumConfigData', 'CHART_CONFIG', 'CILIUM_OPTIONS_SCHEMA', 'resolveCilium', 'OPERATOR_CLUSTER_RULES']) {
      expect(Object.keys(api)).not.toContain(helper);
    }
  });

  test('exports Calico\'s options and the constructs of its install by name; its settings, RBAC rules and manifests data stay inside', () => {
    for (const name of ['CalicoVersion', 'CalicoEncapsulation', 'CalicoDatastore', 'CalicoIpAutodetection', 'CalicoCrds', 'CalicoCustomResourceDefinitions', 'CalicoKubeControllers']) {
      expect(Object.keys(api)).toContain(name);
    }
    for (const helper of ['describeCalico', 'calicoSettings', 'calicoNodeRules', 'CalicoBackend', 'CALICO_OPTIONS_SCHEMA', 'HOST_PATHS', 'finishCalico', 'calicoCniConfig']) {
      expect(Object.keys(api)).not.toContain(helper);
    }
  });

  test('exports the health alerts\' options as a type only: the alerts and their checks stay inside', () => {
    for (const helper of ['addPrometheusRule', 'daemonSetAlerts', 'alertsProblems', 'alertsWanted', 'runbookUrl', 'AGENT_ALERTS_OPTIONS_SCHEMA', 'prometheusRuleProblems', 'fluentBitAlerts', 'cniAlerts']) {
      expect(Object.keys(api)).not.toContain(helper);
    }
  });

  test('exports the CNI description\'s building blocks and AgentProbe by name; the description and its renderer\'s helpers stay inside', () => {
    for (const name of ['CniImplementation', 'CniInitStep', 'CniInitStepKind', 'CniPrivileges', 'CniConfigValue', 'CniConfigValueKind', 'CniConfig', 'AgentProbe', 'TerminationMessagePolicy']) {
      expect(Object.keys(api)).toContain(name);
    }
    for (const helper of ['describeCustom', 'describeFlannel', 'pluginInstallers', 'templatingInstall', 'unjustifiedPrivilegeProblems', 'CUSTOM_CNI_PROPS_SCHEMA', 'withProbes']) {
      expect(Object.keys(api)).not.toContain(helper);
    }
  });

  test('does not export the helpers the constructs share', () => {
    for (const helper of ['assertValid', 'renderRules', 'recommendedLabels', 'tolerationProblems', 'addServiceMonitor', 'addPodMonitor', 'addVerticalPodAutoscaler', 'relabelingProblems', 'podSecurityLevel', 'SYNC_WAVE_ANNOTATION', 'NODE_AGENT_PROPS_SCHEMA']) {
      expect(Object.keys(api)).not.toContain(helper);
    }
  });
});
