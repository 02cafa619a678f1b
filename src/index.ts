// The base: a typed node-agent DaemonSet and its building blocks.
export * from './base/access';
export * from './base/cluster-scoped';
export * from './base/discovery';
export * from './base/downward-api';
export * from './base/host-volumes';
export * from './base/labels';
export * from './base/node-agent';
export * from './base/node-agent-props';
export * from './base/node-selection';
export * from './base/privileges';
export * from './base/tolerations';
export * from './base/update-strategy';

// Validation: the one error every rejected input raises.
export * from './validation/validation-error';

// The agents.
export * from './agents/agent-options';
export * from './agents/cni-agent';
export * from './agents/gpu-monitor';
export * from './agents/log-collector';
export * from './agents/node-exporter';
export * from './agents/service-monitor';

// GitOps delivery.
export * from './gitops/agent-applications';
export * from './gitops/agent-namespace';
export * from './gitops/argocd-application';
export * from './gitops/safe-synth';
export * from './gitops/sync-wave';

// Privilege report.
export * from './audit/pod-security';
export * from './audit/privilege-report';

// Coverage planner.
export * from './planner';
