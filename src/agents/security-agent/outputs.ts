import { URL } from 'url';
import { HostPathVolumeType } from 'cdk8s-plus-28';
import { Problem } from '../../base/errors';
import { isBoolean, isString, optional, Schema } from '../../validation/guards';
import { checkCall, optionsProblems, text } from '../agent-guards';

/** Options of Falco's HTTP output. */
export interface FalcoHttpOutputOptions {
  /** Where each alert is POSTed, an http or https URL, e.g. "https://hooks.example.com/falco". */
  readonly url: string;
  /**
   * Skip TLS certificate verification. Only for a test endpoint: anyone on the path can then
   * read and forge alerts.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * The User-Agent header.
   * @default "falcosecurity/falco"
   */
  readonly userAgent?: string;
  /**
   * Gzip each request body.
   * @default false
   */
  readonly compressUploads?: boolean;
  /**
   * Reuse one connection for every alert instead of one connection per alert.
   * @default false
   */
  readonly keepAlive?: boolean;
}

/** Options of Falco's file output. */
export interface FalcoFileOutputOptions {
  /**
   * The node directory the alerts are appended to (created where missing), e.g. for a log
   * collector that tails it. Mounted writable: it is the one node path Falco writes.
   * @default "/var/log/falco"
   */
  readonly hostDirectory?: string;
  /**
   * The file name in that directory.
   * @default "events.log"
   */
  readonly fileName?: string;
  /**
   * Keep the file open between alerts instead of reopening it for each one (a rotated file is
   * then only picked up after a restart).
   * @default false
   */
  readonly keepAlive?: boolean;
}

/** Options of Falco's program output. */
export interface FalcoProgramOutputOptions {
  /**
   * The shell command each alert is piped to, run with `sh -c` in the Falco container (whose
   * image has curl and jq), e.g. `jq '{text: .output}' | curl -sd @- https://hooks.example.com/x`.
   */
  readonly command: string;
  /**
   * Start the command once and pipe every alert to it, instead of once per alert.
   * @default false
   */
  readonly keepAlive?: boolean;
}

/** The runtime shape of FalcoHttpOutputOptions. */
export const FALCO_HTTP_OUTPUT_OPTIONS_SCHEMA: Schema<FalcoHttpOutputOptions> = {
  url: isString,
  insecure: optional(isBoolean),
  userAgent: optional(isString),
  compressUploads: optional(isBoolean),
  keepAlive: optional(isBoolean),
};
/** The runtime shape of FalcoFileOutputOptions. */
export const FALCO_FILE_OUTPUT_OPTIONS_SCHEMA: Schema<FalcoFileOutputOptions> = {
  hostDirectory: optional(isString),
  fileName: optional(isString),
  keepAlive: optional(isBoolean),
};
/** The runtime shape of FalcoProgramOutputOptions. */
export const FALCO_PROGRAM_OUTPUT_OPTIONS_SCHEMA: Schema<FalcoProgramOutputOptions> = {
  command: isString,
  keepAlive: optional(isBoolean),
};

/** Falco's output channels (falco.yaml `<kind>_output`). */
enum Kind {
  STDOUT = 'stdout',
  SYSLOG = 'syslog',
  FILE = 'file',
  HTTP = 'http',
  PROGRAM = 'program',
}

/** Every output block of falco.yaml, in the order upstream's falco.yaml lists them. */
export const OUTPUT_KEYS = [Kind.STDOUT, Kind.SYSLOG, Kind.FILE, Kind.HTTP, Kind.PROGRAM].map(k => `${k}_output`);

/** falcosidekick's chart: a Service named after its release, port 2801, in Falco's namespace. */
const FALCOSIDEKICK_URL = 'http://falcosidekick:2801';
const DEFAULT_FILE_DIRECTORY = '/var/log/falco';
const DEFAULT_FILE_NAME = 'events.log';
// The node directory's place in the container: fixed, so no hostDirectory can land over a path
// of the image (e.g. /etc) or another mount.
const FILE_OUTPUT_MOUNT = '/var/run/falco-file-output';
const SYSLOG_SOCKET = '/dev/log';

/** A node path an output needs in the Falco container. */
export interface OutputHostMount {
  readonly name: string;
  readonly hostPath: string;
  readonly mountPath: string;
  readonly type: HostPathVolumeType;
  readonly readOnly: boolean;
  readonly justification: string;
}

/**
 * Where Falco sends its alerts. Falco has one channel of each kind, so each kind may be given
 * once; the alert format (JSON or text) is the agent's `jsonOutput`.
 *
 * @example
 * outputs: [FalcoOutput.stdout(), FalcoOutput.falcosidekick()]
 */
export class FalcoOutput {
  /** Falco's standard output, i.e. the pod's log (`kubectl logs`), where a log collector picks it up. */
  public static stdout(): FalcoOutput {
    return new FalcoOutput(Kind.STDOUT, {});
  }

  /**
   * The node's syslog, through its /dev/log socket (mounted read-only). The node must have a
   * syslog socket there (systemd-journald provides one); where it does not, the pod does not start.
   */
  public static syslog(): FalcoOutput {
    return new FalcoOutput(Kind.SYSLOG, {});
  }

  /** A file on the node, appended to (see FalcoFileOutputOptions). */
  public static file(options: FalcoFileOutputOptions = {}): FalcoOutput {
    checkCall('FalcoOutput.file', optionsProblems(options, 'options', FALCO_FILE_OUTPUT_OPTIONS_SCHEMA, 'FalcoFileOutputOptions'));
    return new FalcoOutput(Kind.FILE, options);
  }

  /** A webhook: each alert POSTed to a URL. */
  public static http(options: FalcoHttpOutputOptions): FalcoOutput {
    checkCall('FalcoOutput.http', optionsProblems(options, 'options', FALCO_HTTP_OUTPUT_OPTIONS_SCHEMA, 'FalcoHttpOutputOptions', true));
    return new FalcoOutput(Kind.HTTP, options);
  }

  /**
   * falcosidekick, which forwards alerts to chat, paging, SIEM and storage backends: the HTTP
   * output to its URL, with JSON alerts (which falcosidekick parses; `jsonOutput` must stay true).
   * @param url falcosidekick's URL; default "http://falcosidekick:2801", the Service its chart creates in Falco's namespace
   */
  public static falcosidekick(url?: string): FalcoOutput {
    checkCall('FalcoOutput.falcosidekick', optional(text(FALCOSIDEKICK_URL))(url, 'url'));
    return new FalcoOutput(Kind.HTTP, { url: url ?? FALCOSIDEKICK_URL }, true);
  }

  /** A shell command each alert is piped to. */
  public static program(options: FalcoProgramOutputOptions): FalcoOutput {
    checkCall('FalcoOutput.program', optionsProblems(options, 'options', FALCO_PROGRAM_OUTPUT_OPTIONS_SCHEMA, 'FalcoProgramOutputOptions', true));
    return new FalcoOutput(Kind.PROGRAM, options);
  }

  private constructor(
    private readonly kind: Kind,
    private readonly options: Partial<FalcoHttpOutputOptions & FalcoFileOutputOptions & FalcoProgramOutputOptions>,
    private readonly sidekick = false) {}

  /** The channel, as falco.yaml names it: "stdout", "syslog", "file", "http" or "program". */
  public get channel(): string {
    return this.kind;
  }

  /** Whether the receiver parses JSON alerts (falcosidekick). @internal */
  public get _needsJson(): boolean {
    return this.sidekick;
  }

  /** The node directory the file output writes to. */
  private get fileDirectory(): string {
    return this.options.hostDirectory ?? DEFAULT_FILE_DIRECTORY;
  }

  /** The falco.yaml key and block that switch this output on. @internal */
  public get _config(): { key: string; block: Record<string, unknown> } {
    const o = this.options;
    const block: Record<string, unknown> = { enabled: true };
    if (this.kind === Kind.FILE) {
      Object.assign(block, { keep_alive: o.keepAlive ?? false, filename: `${FILE_OUTPUT_MOUNT}/${o.fileName ?? DEFAULT_FILE_NAME}` });
    } else if (this.kind === Kind.PROGRAM) {
      Object.assign(block, { keep_alive: o.keepAlive ?? false, program: o.command });
    } else if (this.kind === Kind.HTTP) {
      Object.assign(block, {
        url: o.url,
        user_agent: o.userAgent ?? 'falcosecurity/falco',
        insecure: o.insecure ?? false,
        compress_uploads: o.compressUploads ?? false,
        keep_alive: o.keepAlive ?? false,
      });
    }
    return { key: `${this.kind}_output`, block };
  }

  /** The node path this output needs mounted, if any. @internal */
  public get _hostMount(): OutputHostMount | undefined {
    if (this.kind === Kind.SYSLOG) {
      return {
        name: 'syslog-socket',
        hostPath: SYSLOG_SOCKET,
        mountPath: SYSLOG_SOCKET,
        type: HostPathVolumeType.SOCKET,
        readOnly: true,
        justification: 'The syslog output writes alerts to the node\'s syslog socket, /dev/log (read-only: sending to a socket needs no write access to the mount). Only with FalcoOutput.syslog().',
      };
    }
    if (this.kind === Kind.FILE) {
      return {
        name: 'file-output',
        hostPath: this.fileDirectory,
        mountPath: FILE_OUTPUT_MOUNT,
        type: HostPathVolumeType.DIRECTORY_OR_CREATE,
        readOnly: false,
        justification: `The file output appends alerts to ${this.fileDirectory}/${this.options.fileName ?? DEFAULT_FILE_NAME} on the node (mounted at ${FILE_OUTPUT_MOUNT}), for a collector that tails it: the one node path Falco writes. Only with FalcoOutput.file().`,
      };
    }
    return undefined;
  }

  /** @internal What Falco would refuse, or what would never work; `property` locates the output. */
  public _problems(property: string): Problem[] {
    const o = this.options;
    if (this.kind === Kind.HTTP) return urlProblems(`${property}.url`, o.url!);
    if (this.kind === Kind.PROGRAM && o.command!.trim().length === 0) {
      return [{ property: `${property}.command`, value: o.command, expected: 'Give the shell command alerts are piped to, e.g. "jq \'{text: .output}\' | curl -sd @- https://hooks.example.com/x".' }];
    }
    if (this.kind === Kind.FILE) {
      const problems: Problem[] = [];
      const dir = this.fileDirectory;
      if (!dir.startsWith('/') || dir === '/' || dir.split('/').includes('..')) {
        problems.push({ property: `${property}.hostDirectory`, value: dir, expected: 'Give an absolute node directory other than "/", without "..", e.g. "/var/log/falco".' });
      }
      const name = o.fileName;
      if (name !== undefined && (!/^[^/\0]+$/.test(name) || name === '.' || name === '..')) {
        problems.push({ property: `${property}.fileName`, value: name, expected: 'Give a file name without "/", e.g. "events.log" (the directory is hostDirectory).' });
      }
      return problems;
    }
    return [];
  }
}

function urlProblems(property: string, url: string): Problem[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ property, value: url, expected: 'Give an absolute http or https URL, e.g. "https://hooks.example.com/falco".' }];
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return [{ property, value: url, expected: 'Falco\'s HTTP output posts over http or https: give an http:// or https:// URL.' }];
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return [{ property, value: url.replace(/\/\/[^@/]*@/, '//***@'), expected: 'The URL goes into a ConfigMap that anyone who can read the namespace reads: give it without credentials (authenticate the endpoint another way, e.g. network policy or falcosidekick).' }];
  }
  return [];
}
