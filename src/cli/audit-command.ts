/**
 * `cdk8s-daemonsets audit`: the privilege report on files, for people and for CI
 * (`--json`, `--fail-on-unjustified`).
 */
import { EXIT_GATE, EXIT_OK, UsageError, useColor, type CliIo, type Command } from './io';
import { PrivilegeAudit } from '../audit/privilege-report';

export const AUDIT_USAGE = `Usage: cdk8s-daemonsets audit [--json] [--fail-on-unjustified] PATH...

Reports, for every DaemonSet in PATH, the Pod Security Standards level it needs (privileged,
baseline or restricted), each control it violates (host namespaces, privileged, capabilities,
hostPath, hostPort, seccomp, running as root, ...) with the justification its agent declares
(annotations justification.cdk8s-daemonsets.io/<privilege>; anything else is "unjustified"), and
the RBAC rules bound to its ServiceAccount (read from the ClusterRoles, Roles and bindings in PATH).

PATH is a YAML file or a folder (read recursively for *.yaml and *.yml, sorted).

Options:
  --json                  print one JSON document instead of the report
  --fail-on-unjustified   exit 1 when any privilege has no justification
  -h, --help              show this help

Exit codes: 0 ok, 1 unjustified privileges with --fail-on-unjustified, 2 bad usage or bad input.
`;

interface AuditArgs {
  readonly help: boolean;
  readonly json: boolean;
  readonly failOnUnjustified: boolean;
  readonly paths: string[];
}

function parseAuditArgs(args: readonly string[]): AuditArgs {
  let help = false;
  let json = false;
  let failOnUnjustified = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    } else if (arg === '-h' || arg === '--help') {
      help = true;
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--fail-on-unjustified') {
      failOnUnjustified = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg.split('=')[0]}`);
    } else {
      paths.push(arg);
    }
  }
  return { help, json, failOnUnjustified, paths };
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
    const report = PrivilegeAudit.fromFiles(opts.paths);
    if (report.daemonSets.length === 0) throw new UsageError(`no DaemonSet found in ${opts.paths.join(', ')}`);
    io.stdout(opts.json ? `${JSON.stringify(PrivilegeAudit.toJson(report), null, 2)}\n` : PrivilegeAudit.formatText(report, { color: useColor(io) }));
    const unjustified = PrivilegeAudit.unjustifiedCount(report);
    if (!opts.failOnUnjustified || unjustified === 0) return EXIT_OK;
    io.stderr(`${unjustified} privilege${unjustified === 1 ? '' : 's'} without a justification\n`);
    return EXIT_GATE;
  },
};
