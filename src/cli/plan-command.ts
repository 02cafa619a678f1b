/**
 * `cdk8s-daemonsets plan`: the coverage planner on files, for people (a report) and for CI (`--json`,
 * `--require-coverage`).
 */
import { EXIT_GATE, EXIT_OK, UsageError, useColor, type CliIo, type Command } from './io';
import { coveragePercent, formatPercent, formatPlanText, jsonChunks } from '../planner/format';
import { loadDaemonSets, loadNodes } from '../planner/load';
import { planCoverage } from '../planner/plan';

export const PLAN_USAGE = `Usage: cdk8s-daemonsets plan --nodes NODES.json [--json] [--require-coverage PCT] PATH...

Predicts, for every DaemonSet in PATH, which nodes get its pod (the Kubernetes 1.28-1.33
DaemonSet controller's rules: nodeName, nodeSelector, required node affinity, taints against
tolerations plus the controller's default tolerations), why each other node does not, and how a
rolling update would proceed. Also warns where an eligible node's pod would stay Pending
(requests above the node's allocatable, host port clashes between DaemonSets).

PATH is a YAML file or a folder (read recursively for *.yaml and *.yml, sorted; hidden folders and
node_modules skipped). Documents of other kinds are ignored; List documents are searched.

Options:
  --nodes FILE             the node inventory: \`kubectl get nodes -o json\` output or a JSON
                           array of Node objects (required)
  --json                   print one JSON document instead of the report
  --require-coverage PCT   exit 1 when any DaemonSet covers less than PCT% of the nodes
  -h, --help               show this help

Exit codes: 0 ok, 1 coverage below --require-coverage, 2 bad usage or bad input.
`;

interface PlanArgs {
  readonly help: boolean;
  readonly nodes?: string;
  readonly json: boolean;
  readonly requireCoverage?: number;
  readonly paths: string[];
}

const PERCENT = /^(\d+(\.\d+)?)%?$/;

function parsePercent(text: string): number {
  const m = PERCENT.exec(text);
  const value = m ? Number(m[1]) : NaN;
  if (!(value >= 0 && value <= 100)) throw new UsageError(`--require-coverage: "${text}" is not a percentage between 0 and 100`);
  return value;
}

export function parsePlanArgs(args: readonly string[]): PlanArgs {
  let help = false;
  let nodes: string | undefined;
  let json = false;
  let requireCoverage: number | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= args.length || args[i + 1] === '') throw new UsageError(`${name} needs a value`);
      return args[++i];
    };
    if (name === '--') {
      paths.push(...args.slice(i + 1));
      break;
    } else if (name === '-h' || name === '--help') {
      help = true;
    } else if (name === '--json') {
      if (eq > 0) throw new UsageError('--json takes no value');
      json = true;
    } else if (name === '--nodes') {
      nodes = value();
    } else if (name === '--require-coverage') {
      requireCoverage = parsePercent(value());
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${name}`);
    } else {
      paths.push(arg);
    }
  }
  return { help, nodes, json, requireCoverage, paths };
}

export const planCommand: Command = {
  summary: 'which nodes get each DaemonSet\'s pod, why the others do not, and how the rollout will go',
  run(args: readonly string[], io: CliIo): number {
    const opts = parsePlanArgs(args);
    if (opts.help) {
      io.stdout(PLAN_USAGE);
      return EXIT_OK;
    }
    if (!opts.nodes) throw new UsageError('--nodes NODES.json is required (e.g. kubectl get nodes -o json > nodes.json)');
    if (opts.paths.length === 0) throw new UsageError('give at least one PATH (a YAML file or a folder of manifests)');

    const nodes = loadNodes(opts.nodes);
    if (nodes.length === 0) throw new UsageError(`${opts.nodes}: contains no nodes; there is nothing to plan against`);
    const daemonSets = loadDaemonSets(opts.paths);
    if (daemonSets.length === 0) throw new UsageError(`no DaemonSet found in ${opts.paths.join(', ')}`);
    const plan = planCoverage(daemonSets, nodes, opts.nodes);

    if (opts.json) {
      for (const chunk of jsonChunks(plan)) io.stdout(chunk);
    } else {
      io.stdout(formatPlanText(plan, useColor(io)));
    }

    if (opts.requireCoverage === undefined) return EXIT_OK;
    const below = plan.daemonSets.filter(ds => ds.coveredNodes * 100 < opts.requireCoverage! * ds.totalNodes);
    for (const ds of below) {
      io.stderr(`coverage below ${opts.requireCoverage}%: ${ds.namespace}/${ds.name} covers ${ds.coveredNodes}/${ds.totalNodes} nodes (${formatPercent(coveragePercent(ds))})\n`);
    }
    return below.length > 0 ? EXIT_GATE : EXIT_OK;
  },
};
