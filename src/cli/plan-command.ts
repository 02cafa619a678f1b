/**
 * `cdk8s-daemonsets plan`: the coverage planner on files, for people (a report) and for CI (`--json`,
 * `--require-coverage`).
 */
import { INPUT_RULES } from './input-rules';
import { EXIT_GATE, EXIT_OK, UsageError, useColor, type CliIo, type Command } from './io';
import { isOn, parseArgs, valueOf, type OptionSpec } from './options';
import { coveragePercent, formatPercent, jsonChunks } from '../planner/format';
import { coverageGaps } from '../planner/gaps';
import { loadNodes } from '../planner/load';
import { planCoverage } from '../planner/plan';
import { loadPlanInputs } from '../planner/plan-inputs';
import { inputName, STDIN } from '../planner/read-input';
import type { DaemonSetPlan } from '../planner/result';
import { textChunks } from '../planner/text-report';

export const PLAN_USAGE = `Usage: cdk8s-daemonsets plan --nodes NODES [--json | --verbose] [--require-coverage PCT] PATH...

Predicts, for every DaemonSet in PATH, which nodes get its pod (the Kubernetes 1.28-1.33
DaemonSet controller's rules: nodeName, nodeSelector, required node affinity, taints against
tolerations plus the controller's default tolerations), why each other node does not, and how a
rolling update would proceed. Also warns where an eligible node's pod would stay Pending
(the DaemonSets' requests summed per node above its allocatable, or more pods than it allows;
host port clashes between DaemonSets; Fargate and virtual-kubelet nodes, which run no DaemonSet
pods; a spec.os.name other than the node's OS), and ends with each node pool's DaemonSet
footprint: the CPU, memory and pod slots all DaemonSets request against allocatable.

Coverage is counted against a DaemonSet's intended nodes, those its own node selection admits
(nodeName, nodeSelector, required node affinity): it runs on an intended node when the
controller creates its pod there and no warning says the pod stays Pending. Nodes outside its
selection are reported, never counted against it. RuntimeClass objects in PATH add their
overhead.podFixed to the pods that name them.

The report gives each DaemonSet a summary (nodes covered, skipped per reason, where its pod
may stay Pending), the first 5 skipped nodes of each reason and its warnings grouped by message;
--verbose lists every skipped node and every warning. --json has every node and every warning.
A plan too large for the process's memory is refused before it starts (exit 2), saying how to
split it or how much heap to give Node.js.

PATH is a YAML file, a folder (read recursively for *.yaml and *.yml, sorted; hidden folders and
node_modules skipped) or - for standard input. Documents of other kinds are ignored; List
documents are searched. DaemonSets are checked as the API server checks them (apps/v1, every
field); one it would refuse, or an object given twice, stops the plan.

Options:
  --nodes NODES            the node inventory (required): \`kubectl get nodes -o json\` or
                           \`-o yaml\` output, a NodeList, a list of Node objects or one Node, in
                           JSON or YAML; - reads it from standard input
  --json                   print one JSON document instead of the report
  -v, --verbose            list every skipped node and every warning in the report
  --require-coverage PCT   exit 1 when any DaemonSet runs on less than PCT% of its intended
                           nodes (0 to 100: 95, 99.5, .5 or 50%), naming the nodes and why
  -h, --help               show this help

An option's value may follow it or be joined with =: --nodes nodes.json, --nodes=nodes.json.
Switches may be given a value too: --json=true, --json=false. At most one of --nodes and PATH
may be - (standard input).

${INPUT_RULES}

Exit codes: 0 ok, 1 coverage below --require-coverage, 2 bad usage or bad input.
`;

/** Gap nodes named in the gate's message before "and N more". */
const NAMED_GAPS = 5;

/** The first few intended nodes where the pod does not run, each with its reason. */
function gapText(ds: DaemonSetPlan): string {
  const gaps = coverageGaps(ds);
  const named = gaps.slice(0, NAMED_GAPS).map(g => `${g.node} (${g.reason}: ${g.message})`).join('; ');
  return `not on ${named}${gaps.length > NAMED_GAPS ? `; and ${gaps.length - NAMED_GAPS} more (the report lists them)` : ''}`;
}

interface PlanArgs {
  readonly help: boolean;
  readonly nodes?: string;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly requireCoverage?: number;
  readonly paths: readonly string[];
}

const PLAN_OPTIONS: readonly OptionSpec[] = [
  { name: '--help', alias: '-h' },
  { name: '--nodes', takesValue: true },
  { name: '--json' },
  { name: '--verbose', alias: '-v' },
  { name: '--require-coverage', takesValue: true },
];

// A number from 0 to 100 as people write it: 95, 99.5, .5, 50%.
const PERCENT = /^(\d+(\.\d*)?|\.\d+)%?$/;

function parsePercent(text: string): number {
  const value = PERCENT.test(text) ? parseFloat(text) : NaN;
  if (!(value >= 0 && value <= 100)) throw new UsageError(`--require-coverage: "${text}" is not a percentage from 0 to 100 (e.g. 95, 99.5 or 50%)`);
  return value;
}

function parsePlanArgs(args: readonly string[]): PlanArgs {
  const parsed = parseArgs(args, PLAN_OPTIONS);
  const coverage = valueOf(parsed, '--require-coverage');
  return {
    help: isOn(parsed, '--help'),
    nodes: valueOf(parsed, '--nodes'),
    json: isOn(parsed, '--json'),
    verbose: isOn(parsed, '--verbose'),
    requireCoverage: coverage === undefined ? undefined : parsePercent(coverage),
    paths: parsed.operands,
  };
}

export const planCommand: Command = {
  summary: 'which nodes get each DaemonSet\'s pod, why the others do not, and how the rollout will go',
  run(args: readonly string[], io: CliIo): number {
    const opts = parsePlanArgs(args);
    if (opts.help) {
      io.stdout(PLAN_USAGE);
      return EXIT_OK;
    }
    if (!opts.nodes) throw new UsageError('--nodes NODES is required (e.g. kubectl get nodes -o json > nodes.json)');
    if (opts.paths.length === 0) throw new UsageError('give at least one PATH (a YAML file or a folder of manifests)');
    if (opts.json && opts.verbose) throw new UsageError('--verbose is for the report; --json always has every node and every warning');
    // Standard input can be read once.
    if ([opts.nodes, ...opts.paths].filter(p => p === STDIN).length > 1) throw new UsageError(`only one of --nodes and PATH may be ${STDIN} (standard input)`);

    const nodesName = inputName(opts.nodes);
    const nodes = loadNodes(opts.nodes);
    if (nodes.length === 0) throw new UsageError(`${nodesName}: contains no nodes; there is nothing to plan against`);
    const { daemonSets, runtimeClasses } = loadPlanInputs(opts.paths);
    if (daemonSets.length === 0) throw new UsageError(`no DaemonSet found in ${opts.paths.map(inputName).join(', ')}`);
    const plan = planCoverage(daemonSets, nodes, nodesName, runtimeClasses);

    if (opts.json) {
      for (const chunk of jsonChunks(plan)) io.stdout(chunk);
    } else {
      for (const chunk of textChunks(plan, { color: useColor(io), verbose: opts.verbose })) io.stdout(chunk);
    }

    if (opts.requireCoverage === undefined) return EXIT_OK;
    const below = plan.daemonSets.filter(ds => ds.runningNodes * 100 < opts.requireCoverage! * ds.intendedNodes);
    for (const ds of below) {
      io.stderr(`coverage below ${opts.requireCoverage}%: ${ds.namespace}/${ds.name} runs on ${ds.runningNodes} of its ${ds.intendedNodes} intended nodes `
        + `(${formatPercent(coveragePercent(ds))}); ${gapText(ds)}\n`);
    }
    return below.length > 0 ? EXIT_GATE : EXIT_OK;
  },
};
