/**
 * No silent drops: every typed property of every construct reaches the synthesized YAML, at its
 * exact place. cdk8s-plus hands its typed spec to a generated mapper that drops what it does not
 * know (a patched `hostPID` vanishes; a plain "10%" maxUnavailable becomes `{}`), so each prop
 * is set to a recognisable value and looked up where Kubernetes reads it.
 *
 * The props come from the sources (drops.ts): a prop without a row, a row for a prop that no
 * longer exists, or an exported props struct without a table fails here.
 */
import { DropTable, expectAt, exportedStructs, propsOf } from './drops';
import { agentTables } from './drops-agents';
import { alertTables } from './drops-alerts';
import { baseTables } from './drops-base';
import { blockTables } from './drops-blocks';
import { calicoTables } from './drops-calico';
import { ciliumTables } from './drops-cilium';
import { cniTables } from './drops-cni';
import { gitopsTables } from './drops-gitops';
import { logTables } from './drops-logs';
import { securityTables } from './drops-security';
import { storageTables } from './drops-storage';

const tables: DropTable[] = [
  ...baseTables, ...agentTables, ...blockTables, ...gitopsTables, ...logTables, ...storageTables, ...securityTables, ...alertTables, ...ciliumTables,
  ...calicoTables, ...cniTables,
];

/** Exported interfaces that are no construct's input, each with the reason. */
const NOT_INPUTS: Record<string, string> = {
  FalcoConfig: 'internal to the security agent (not exported from index.ts): what its falco.yaml is made from',
  CheckedSettings: 'internal to the security agent (not exported from index.ts): the props its checks read',
  OutputHostMount: 'internal to the security agent (not exported from index.ts): the node path a Falco output needs',
  AgentOptions: 'every agent passes each shared option on itself, so each agent\'s table has a row for each (inherited props are required)',
  AgentContainerContext: 'internal to NodeAgent (not exported from index.ts)',
  CniAgentParts: 'internal to the CNI agent (not exported from index.ts): the built agent as a description\'s extend hook sees it',
  CniExtendProps: 'internal to the CNI agent (not exported from index.ts): the props a description\'s extend hook reads',
  AgentDefaults: 'each agent\'s defaults of the shared options, filled in by the agent, not a user input (pinned in test/agents/agent-base.test.ts)',
  AgentIdentity: 'internal to the agents\' base (not exported from index.ts): an agent\'s labels, from its own props',
  AgentSpec: 'internal to the agents\' base (not exported from index.ts): what an agent hands the base',
  ManagedSetting: 'internal to the agents\' base (not exported from index.ts): why an agent manages an env var or flag',
  AgentAlerts: 'internal to the agents\' base (not exported from index.ts): the alerts an agent hands the base',
  AlertRule: 'internal to the agents (not exported from index.ts): one alert, before the alerts options apply',
  AlertScope: 'internal to the agents (not exported from index.ts): the DaemonSet, namespace and jobs an agent\'s alerts read',
  ExporterFlags: 'internal to node-exporter (not exported from index.ts)',
  FluentBitConfig: 'internal to the log collector (not exported from index.ts)',
  RenderedPlugin: 'internal to the log collector (not exported from index.ts)',
  TailSettings: 'internal to the log collector (not exported from index.ts): part of FluentBitConfig',
  Pipeline: 'internal to the log collector (not exported from index.ts): its pipeline, resolved from the props',
  PipelineProps: 'internal to the log collector (not exported from index.ts): the props the pipeline is resolved from, defaults filled in',
  RegexShape: 'internal to the log collector (not exported from index.ts): what a regular expression\'s structure tells',
  PlacedCounter: 'internal to the GPU monitor (not exported from index.ts)',
  Problem: 'internal to the validation (not exported from index.ts)',
  AgentClusterRoleProps: 'internal to NodeAgent (not exported from index.ts): what its ClusterRole and binding are made of',
  Requirement: 'internal to NodeSelection (not exported from index.ts): a node-affinity requirement as the satisfiability check reads it',
  SafeSynthResult: 'an output of SafeSynth, not an input',
  Change: 'internal to SafeSynth (not exported from index.ts): what one run changes in the output folder',
  FileContent: 'internal to SafeSynth (not exported from index.ts): a generated file and its bytes',
  Lock: 'internal to SafeSynth (not exported from index.ts): the output folder\'s lock',
  Outdir: 'internal to SafeSynth (not exported from index.ts): the output folder, resolved',
  Ownership: 'internal to SafeSynth (not exported from index.ts): which files of the output folder it generated',
  ResolvedCilium: 'internal to Cilium (not exported from index.ts): CiliumOptions with the chart\'s defaults, which has a table',
  CiliumRbacRule: 'internal to Cilium (not exported from index.ts): one of the chart\'s RBAC rules, as data',
  OperatorProps: 'internal to Cilium (not exported from index.ts): where the operator runs, from the agent',
  CiliumControlPlaneProps: 'internal to Cilium (not exported from index.ts): the objects beside the agent, from the agent and CiliumOptions',
  CalicoSettings: 'internal to Calico (not exported from index.ts): CalicoOptions resolved, which has a table',
  CalicoEnvVar: 'internal to Calico (not exported from index.ts): one variable of calico-node\'s env, from CalicoOptions',
  PoolModes: 'internal to Calico (not exported from index.ts): the IP pool modes an encapsulation stands for',
  ConfigInstall: 'internal to the CNI agent (not exported from index.ts): the install-cni command an implementation gives',
  CniDescription: 'internal to the CNI agent (not exported from index.ts): what an implementation hands the agent, built from the options that have tables',
  PluginInstaller: 'internal to the CNI agent (not exported from index.ts): one install-cni-plugin init container',
  ContainerReasons: 'internal to the CNI agent (not exported from index.ts): the reasons a container gives for its capabilities',
  ExporterMounts: 'internal to node-exporter (not exported from index.ts): which node paths its props choose',
  GpuNodeLabel: 'internal to NodeSelection.gpuNodes() (not exported from index.ts): one platform\'s GPU node label',
  RemovalPermissions: 'internal to SafeSynth (not exported from index.ts): the allowRemoving* options of SafeSynthOptions, which has a table',
};

describe('no silent drops', () => {
  test('every exported props struct has a table, or a reason not to', () => {
    const covered = new Set([...tables.map(t => t.struct), ...Object.keys(NOT_INPUTS)]);
    expect(exportedStructs().filter(s => !covered.has(s))).toEqual([]);
  });

  describe.each(tables.map(t => [t.struct, t] as const))('%s', (_struct, table) => {
    test('every prop has a row (inherited ones included), and every row a prop', () => {
      const props = propsOf(table.struct);
      const rows = new Set(Object.keys(table.rows));
      const plus = new Set(table.cdk8sPlus ?? []);
      expect(props.filter(p => !rows.has(p.prop) && !(p.from === 'cdk8s-plus' && plus.has(p.prop))).map(p => `${p.declaredIn}.${p.prop}`)).toEqual([]);
      const known = new Set(props.map(p => p.prop));
      expect([...rows, ...plus].filter(r => !known.has(r))).toEqual([]);
    });

    test.each(Object.entries(table.rows))('%s reaches the YAML', (_prop, expectations) => {
      const objs = table.synth();
      for (const e of [expectations].flat()) expectAt(objs, e);
    });
  });
});
