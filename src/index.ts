// The public API, by name: helpers and internal types stay importable only inside the package.

// The base: a typed node-agent DaemonSet and its building blocks.
export { AccessRule, ApiVerb, type AccessRuleProps } from './base/access';
export { ClusterScopedObject } from './base/cluster-scoped';
export { AgentService, InternalTrafficPolicy, ScrapeScheme, ServiceMode, type AgentServiceProps, type PrometheusScrape } from './base/discovery';
export { DownwardApi } from './base/downward-api';
export { type HostPathMountOptions } from './base/host-volumes';
export { type AgentLabelsProps } from './base/labels';
export { NodeAgent } from './base/node-agent';
export { type AgentServiceOptions, type NodeAgentProps } from './base/node-agent-props';
export { NodeRequirement, NodeSelection, NodeSelectorOperator, type NodeRequirementProps } from './base/node-selection';
export { Privilege } from './base/privileges';
export {
  AgentProbe, type AgentProbeOptions, type ContainerProbes, type GrpcProbeOptions, type HttpGetProbeOptions, type TcpSocketProbeOptions,
} from './base/probes';
export { type ContainerOverrides, type SeLinuxLabel, TerminationMessagePolicy } from './base/container-overrides';
export { TaintEffect, Toleration, TolerationOperator, type TolerationProps } from './base/tolerations';
export { UpdateLimit, UpdateStrategy, UpdateStrategyType, type RollingUpdateOptions } from './base/update-strategy';

// Validation: the one error every rejected input raises (JavaScript and TypeScript only).
export { ValidationError, type ValidationProblem } from './validation/validation-error';

// The agents.
export { type AgentOptions } from './agents/agent-options';
export { type AgentAlertsOptions } from './agents/alert-options';
export { FlannelBackend } from './agents/cni-agent/flannel/net-conf';
export { FlannelCniPluginVersion, FlannelVersion } from './agents/cni-agent/flannel/version';
export { type FlannelOptions } from './agents/cni-agent/flannel/flannel';
export { CniConfig } from './agents/cni-agent/cni-config';
export { CniConfigValue, CniConfigValueKind } from './agents/cni-agent/config-value';
export { type CniPluginBinary } from './agents/cni-agent/description';
export { CniPrivileges, type CniCapability } from './agents/cni-agent/privileges';
export { type CniApiAccess, type CniHostPath, type CniPort } from './agents/cni-agent/node-access';
export { CniInitStep, CniInitStepKind, type CniInitContainerProps } from './agents/cni-agent/init-step';
export { type CustomCniProps } from './agents/cni-agent/custom';
export { CiliumVersion } from './agents/cni-agent/cilium/version';
export { CiliumRouting, CiliumTunnelProtocol, type CiliumNativeRoutingOptions } from './agents/cni-agent/cilium/routing';
export { CiliumIpam, type CiliumClusterPoolOptions } from './agents/cni-agent/cilium/ipam';
export { type CiliumOptions } from './agents/cni-agent/cilium/options';
export { CalicoVersion } from './agents/cni-agent/calico/version';
export { CalicoDatastore, CalicoEncapsulation } from './agents/cni-agent/calico/network';
export { CalicoIpAutodetection } from './agents/cni-agent/calico/ip-autodetection';
export { type CalicoOptions } from './agents/cni-agent/calico/options';
export { CalicoCrds } from './agents/cni-agent/calico/crds';
export { CalicoCustomResourceDefinitions, type CalicoCustomResourceDefinitionsProps } from './agents/cni-agent/calico/custom-resource-definitions';
export { CalicoKubeControllers, type CalicoKubeControllersProps } from './agents/cni-agent/calico/kube-controllers';
export { CniImplementation } from './agents/cni-agent/implementation';
export { CniAgentDaemonSet, type CniAgentDaemonSetProps } from './agents/cni-agent/cni-agent';
export { DcgmExporterVariant, DcgmExporterVersion } from './agents/gpu-monitor/version';
export { DcgmCounter, DcgmCounters, DcgmMetricType, type DcgmCounterProps } from './agents/gpu-monitor/counters';
export { GpuMonitorDaemonSet, type GpuMonitorDaemonSetProps } from './agents/gpu-monitor/gpu-monitor';
export { FluentBitVersion } from './agents/log-collector/version';
export {
  HttpLogFormat,
  type HttpOutputOptions,
  type LogBackendOptions,
  type LogOutputBasicAuth,
  type LogOutputOptions,
  type LokiOutputOptions,
  type SearchOutputOptions,
} from './agents/log-collector/output-options';
export { LogOutput } from './agents/log-collector/outputs';
export { LogFilter, type LogFilterOptions, type LuaFilterOptions, type ParserFilterOptions } from './agents/log-collector/filters';
export { LogParser, ParserFieldType, type LogParserOptions, type RegexParserOptions } from './agents/log-collector/parsers';
export { MultilineParser, type MultilineRule, type RegexMultilineParserOptions } from './agents/log-collector/multiline';
export { LogBuffering, type FilesystemBufferingOptions } from './agents/log-collector/buffering';
export { LogInput, type SystemdInputOptions } from './agents/log-collector/inputs';
export { LuaScript } from './agents/log-collector/lua';
export { FluentBitLogLevel, type LogCollectorDaemonSetProps } from './agents/log-collector/props';
export { LogCollectorDaemonSet } from './agents/log-collector/log-collector';
export { NodeExporterCollector } from './agents/node-exporter/collectors';
export { NodeExporterDaemonSet, type NodeExporterDaemonSetProps } from './agents/node-exporter/node-exporter';
export { NodeExporterVersion } from './agents/node-exporter/version';
export { FalcoContainerRuntime } from './agents/security-agent/container-runtime';
export { FalcoDriver, type FalcoKernelModuleOptions, type FalcoModernEbpfOptions } from './agents/security-agent/driver';
export {
  FalcoOutput,
  type FalcoFileOutputOptions,
  type FalcoHttpOutputOptions,
  type FalcoProgramOutputOptions,
} from './agents/security-agent/outputs';
export { FalcoPriority, FalcoRulesFile, FalcoRuleSelection } from './agents/security-agent/rules';
export { type SecurityAgentDaemonSetProps } from './agents/security-agent/props';
export { SecurityAgentDaemonSet } from './agents/security-agent/security-agent';
export { FalcoVersion } from './agents/security-agent/version';
export { AwsEbsCsiDriverVersion, LivenessProbeVersion, NodeDriverRegistrarVersion } from './agents/storage-agent/version';
export { KubeletRoot } from './agents/storage-agent/kubelet-root';
export { FsGroupPolicy, VolumeLifecycleMode, type CsiDriverSpec, type CsiTokenRequest } from './agents/storage-agent/csi-driver-spec';
export { CsiDriver, type AwsEbsCsiOptions, type CustomCsiDriverProps } from './agents/storage-agent/csi-driver';
export { StorageAgentDaemonSet, type StorageAgentDaemonSetProps } from './agents/storage-agent/storage-agent';
export { KubeRbacProxyVersion, type KubeRbacProxyOptions } from './agents/node-exporter/rbac-proxy';
export { type ServiceMonitorOptions, type ServiceMonitorTarget } from './agents/service-monitor';
export { RelabelAction, type Relabeling } from './agents/relabeling';
export { type MonitorTlsConfig } from './agents/monitor-tls';
export {
  VpaControlledValues, VpaUpdateMode, type VerticalPodAutoscalerOptions, type VpaResources,
} from './agents/vertical-pod-autoscaler';

// GitOps delivery.
export { AgentApplications, type AgentApplicationsProps } from './gitops/agent-applications';
export { AgentNamespace, type AgentNamespaceProps } from './gitops/agent-namespace';
export { ArgoCdApplication, type ArgoCdApplicationProps, type ManifestSource } from './gitops/argocd-application';
export { SafeSynth, type SafeSynthOptions, type SafeSynthResult } from './gitops/safe-synth';
export { SyncWave } from './gitops/sync-wave';

// Privilege report.
export { PodSecurityLevel, type PodSecurityViolation } from './audit/pod-security';
export {
  PrivilegeAudit,
  type AuditTextOptions,
  type DaemonSetAudit,
  type PrivilegeFinding,
  type PrivilegeReport,
  type RbacGrant,
} from './audit/privilege-report';

// Coverage planner.
export {
  PlacementReason,
  PlanWarningKind,
  type CoveragePlan,
  type DaemonSetPlan,
  type Footprint,
  type NodeFootprint,
  type NodePlacement,
  type PlanWarning,
  type PoolFootprint,
  type RolloutPlan,
} from './planner/result';
export { CoveragePlanner, type TextFormatOptions } from './planner/coverage-planner';
