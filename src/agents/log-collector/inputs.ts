import { unitProblems } from './checks';
import { ConfigSection, JOURNAL_DIR, JOURNAL_TAG, STATE_DIR } from './config';
import { Problem } from '../../base/errors';
import { isBoolean, isString, listOf, optional, Schema } from '../../validation/guards';
import { checkCall, optionsProblems } from '../agent-guards';

/** What the systemd journal input reads. */
export interface SystemdInputOptions {
  /**
   * The units whose entries are read, with their type suffix, e.g.
   * `['kubelet.service', 'containerd.service']`.
   */
  readonly units: string[];
  /**
   * The records' tag; a `*` is replaced by the unit's name. Outputs match it (their `match`);
   * the Kubernetes metadata filter never sees it.
   * @default "host.*"
   */
  readonly tag?: string;
  /**
   * The journal directory on the node, mounted read-only. The persistent journal is in
   * /var/log/journal; nodes with a volatile journal keep it in /run/log/journal.
   * @default "/var/log/journal"
   */
  readonly journalDirectory?: string;
  /**
   * Where a new collector (no position in its DB yet) starts: at the end of the journal, or,
   * with false, at its oldest entry, shipping the node's whole history once.
   * @default true
   */
  readonly readFromTail?: boolean;
  /**
   * Lowercase the journal's field names (`_SYSTEMD_UNIT` becomes `_systemd_unit`).
   * @default false
   */
  readonly lowercase?: boolean;
  /**
   * Drop the leading underscores of the journal's field names (`_PID` becomes `PID`).
   * @default false
   */
  readonly stripUnderscores?: boolean;
}

/** The runtime shape of SystemdInputOptions. */
export const SYSTEMD_INPUT_OPTIONS_SCHEMA: Schema<SystemdInputOptions> = {
  units: listOf(isString),
  tag: optional(isString),
  journalDirectory: optional(isString),
  readFromTail: optional(isBoolean),
  lowercase: optional(isBoolean),
  stripUnderscores: optional(isBoolean),
};

const TAG = /^[A-Za-z0-9_.*-]+$/;

/**
 * An input besides the container logs, which the collector always reads. Each input mounts
 * what it reads read-only (the privilege is justified on the DaemonSet), keeps its position in
 * the collector's state directory, and is buffered like the container logs.
 *
 * @example
 * LogInput.systemd({ units: ['kubelet.service', 'containerd.service'] })
 */
export class LogInput {
  /**
   * The systemd journal of the given units (Fluent Bit's `systemd` input). The journal is read
   * from its directory with /etc/machine-id (both read-only), which names the node's journal.
   */
  public static systemd(options: SystemdInputOptions): LogInput {
    checkCall('LogInput.systemd', optionsProblems(options, 'options', SYSTEMD_INPUT_OPTIONS_SCHEMA, 'SystemdInputOptions', true));
    return new LogInput(options);
  }

  private constructor(private readonly options: SystemdInputOptions) {}

  /** The host directory the input reads. @internal */
  public get _journalDirectory(): string {
    return this.options.journalDirectory ?? JOURNAL_DIR;
  }

  /** The units it reads. @internal */
  public get _units(): string[] {
    return this.options.units;
  }

  /** @internal What would make the input read nothing, or read into the wrong filters. */
  public _problems(property: string): Problem[] {
    const o = this.options;
    const problems: Problem[] = [];
    if (o.units.length === 0) {
      problems.push({ property: `${property}.units`, value: [], expected: 'Name at least one unit, e.g. ["kubelet.service"]: the whole journal holds every host process\'s output.' });
    }
    o.units.forEach((unit, i) => problems.push(...unitProblems(`${property}.units[${i}]`, unit)));
    if (o.tag !== undefined && (!TAG.test(o.tag) || o.tag.startsWith('kube.'))) {
      problems.push({ property: `${property}.tag`, value: o.tag, expected: 'Use letters, digits, ".", "_", "-" and "*", not starting with "kube." (the container logs\' tag, which the Kubernetes filter reads), e.g. "host.*".' });
    }
    if (o.journalDirectory !== undefined && !o.journalDirectory.startsWith('/')) {
      problems.push({ property: `${property}.journalDirectory`, value: o.journalDirectory, expected: 'Give the node\'s journal directory as an absolute path, e.g. "/var/log/journal" or "/run/log/journal".' });
    }
    return problems;
  }

  /** The input's section; `db` names its position DB in the state directory. @internal */
  public _render(db: string, memBufLimitBytes: number): ConfigSection {
    const o = this.options;
    const section: ConfigSection = {
      name: 'systemd',
      tag: o.tag ?? JOURNAL_TAG,
      path: this._journalDirectory,
      // A unit given twice is read once.
      systemd_filter: [...new Set(o.units)].map(u => `_SYSTEMD_UNIT=${u}`),
      // Several units are alternatives; Fluent Bit ANDs filters unless told otherwise.
      systemd_filter_type: 'or',
      read_from_tail: o.readFromTail === false ? 'off' : 'on',
      db: `${STATE_DIR}/${db}`,
      mem_buf_limit: memBufLimitBytes,
    };
    if (o.lowercase) section.lowercase = 'on';
    if (o.stripUnderscores) section.strip_underscores = 'on';
    return section;
  }
}
