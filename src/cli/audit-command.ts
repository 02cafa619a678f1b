/**
 * `cdk8s-daemonsets audit`: the privilege report on files, for people and for CI
 * (`--json`, `--fail-on-unjustified`).
 */
import { INPUT_RULES } from './input-rules';
import { EXIT_GATE, EXIT_OK, UsageError, useColor, type CliIo, type Command } from './io';
import { isOn, parseArgs, type OptionSpec } from './options';
import { PrivilegeAudit } from '../audit/privilege-report';
import { inputName, STDIN } from '../planner/read-input';

export const AUDIT_USAGE = `Usage: cdk8s-daemonsets audit [--json] [--fail-on-unjustified] PATH...

Reports, for every DaemonSet in PATH, the Pod Security Standards level it needs (privileged,
baseline or restricted), each control it violates (host namespaces, privileged, capabilities,
hostPath, hostPort, seccomp, running as root, ...) with the justification its agent declares
(annotations justification.cdk8s-daemonsets.io/<privilege>; anything else is "unjustified"), and
the RBAC rules bound to its ServiceAccount (read from the ClusterRoles, Roles and bindings in PATH).

PATH is a YAML file, a folder (read recursively for *.yaml and *.yml, sorted; hidden folders and
node_modules skipped) or - for standard input. DaemonSets are checked as the API server checks
them (apps/v1, every field); one it would refuse, or an object given twice, stops the audit.

Options:
  --json                  print one JSON document instead of the report
  --fail-on-unjustified   exit 1 when any privilege has no justification
  -h, --help              show this help

Switches may be given a value: --json=true, --fail-on-unjustified=false.

${INPUT_RULES}

Exit codes: 0 ok, 1 unjustified privileges with --fail-on-unjustified, 2 bad usage or bad input.
`;

interface AuditArgs {
  readonly help: boolean;
  readonly json: boolean;
  readonly failOnUnjustified: boolean;
  readonly paths: readonly string[];
}

const AUDIT_OPTIONS: readonly OptionSpec[] = [
  { name: '--help', alias: '-h' },
  { name: '--json' },
  { name: '--fail-on-unjustified' },
];

function parseAuditArgs(args: readonly string[]): AuditArgs {
  const parsed = parseArgs(args, AUDIT_OPTIONS);
  return {
    help: isOn(parsed, '--help'),
    json: isOn(parsed, '--json'),
    failOnUnjustified: isOn(parsed, '--fail-on-unjustified'),
    paths: parsed.operands,
  };
}

export const auditCommand: Command = {
  summary: 'the Pod Security level, the privileges and their justifications, and the RBAC of each DaemonSet',
  run(args: readonly string[], io: CliIo): number {
    const opts = parseAuditArgs(args);
    if (opts.help) {
      io.stdout(AUDIT_USAGE);
      return EXIT_OK;
    }
    if (opts.paths.length === 0) throw new UsageError('give at least one PATH (a YAML file or a folder of manifests)');
    // Standard input can be read once.
    if (opts.paths.filter(p => p === STDIN).length > 1) throw new UsageError(`${STDIN} (standard input) may be given once`);
    const report = PrivilegeAudit.fromFiles([...opts.paths]);
    if (report.daemonSets.length === 0) throw new UsageError(`no DaemonSet found in ${opts.paths.map(inputName).join(', ')}`);
    io.stdout(opts.json ? `${JSON.stringify(PrivilegeAudit.toJson(report), null, 2)}\n` : PrivilegeAudit.formatText(report, { color: useColor(io) }));
    const unjustified = PrivilegeAudit.unjustifiedCount(report);
    if (!opts.failOnUnjustified || unjustified === 0) return EXIT_OK;
    io.stderr(`${unjustified} privilege${unjustified === 1 ? '' : 's'} without a justification\n`);
    return EXIT_GATE;
  },
};
