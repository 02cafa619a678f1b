import { URL } from 'url';
import { Size } from 'cdk8s';
import { EnvValue, SecretValue } from 'cdk8s-plus-28';
import { ConfigSection, RenderedPlugin } from './config';
import {
  HTTP_OUTPUT_OPTIONS_SCHEMA, HttpLogFormat, HttpOutputOptions, LOG_OUTPUT_OPTIONS_SCHEMA, LogOutputOptions, LOKI_OUTPUT_OPTIONS_SCHEMA,
  LokiOutputOptions, SEARCH_OUTPUT_OPTIONS_SCHEMA, SearchOutputOptions,
} from './output-options';
import { Problem } from '../../base/errors';
import { checkCall, optionsProblems, text } from '../agent-guards';

enum Kind {
  LOKI = 'loki',
  ELASTICSEARCH = 'es',
  OPENSEARCH = 'opensearch',
  HTTP = 'http',
  STDOUT = 'stdout',
  CUSTOM = 'custom',
}

const LOKI_PUSH_PATH = '/loki/api/v1/push';
const DEFAULT_INDEX_PREFIX = 'logstash';
const DEFAULT_LOKI_LABELS: Record<string, string> = {
  job: 'fluent-bit',
  namespace: "$kubernetes['namespace_name']",
  pod: "$kubernetes['pod_name']",
  container: "$kubernetes['container_name']",
};

/** The output property the collector writes from `bufferLimit` and the buffering (pipeline.ts). */
export const BUFFER_LIMIT_KEY = 'storage.total_limit_size';
const PLUGIN = /^[a-z][a-z0-9_]*$/;
const PROPERTY_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const LOKI_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const INDEX_NAME = /^[a-z0-9][^\\/*?"<>| ,#:A-Z]*$/;

/**
 * Where the log collector ships logs. Each factory validates its options when the collector is
 * built and renders one `outputs` entry of the generated Fluent Bit configuration, so nobody
 * hand-writes Fluent Bit config. Credentials come from Secrets through environment variables.
 *
 * @example
 * LogOutput.loki({ url: 'http://loki-gateway.loki.svc.cluster.local', tenantId: 'platform' })
 */
export class LogOutput {
  /** Grafana Loki, through Fluent Bit's `loki` plugin. */
  public static loki(options: LokiOutputOptions): LogOutput {
    checkCall('LogOutput.loki', optionsProblems(options, 'options', LOKI_OUTPUT_OPTIONS_SCHEMA, 'LokiOutputOptions', true));
    return new LogOutput(Kind.LOKI, options);
  }

  /** Elasticsearch, through Fluent Bit's `es` plugin (typeless requests, for Elasticsearch 7.x and 8+). */
  public static elasticsearch(options: SearchOutputOptions): LogOutput {
    checkCall('LogOutput.elasticsearch', optionsProblems(options, 'options', SEARCH_OUTPUT_OPTIONS_SCHEMA, 'SearchOutputOptions', true));
    return new LogOutput(Kind.ELASTICSEARCH, options);
  }

  /** OpenSearch, through Fluent Bit's `opensearch` plugin. */
  public static openSearch(options: SearchOutputOptions): LogOutput {
    checkCall('LogOutput.openSearch', optionsProblems(options, 'options', SEARCH_OUTPUT_OPTIONS_SCHEMA, 'SearchOutputOptions', true));
    return new LogOutput(Kind.OPENSEARCH, options);
  }

  /** Any HTTP endpoint, through Fluent Bit's `http` plugin. */
  public static http(options: HttpOutputOptions): LogOutput {
    checkCall('LogOutput.http', optionsProblems(options, 'options', HTTP_OUTPUT_OPTIONS_SCHEMA, 'HttpOutputOptions', true));
    return new LogOutput(Kind.HTTP, options);
  }

  /**
   * The collector's own standard output, one JSON record per line: for trying the collector
   * out, not for production (every line is written to the node's disk a second time). The
   * collector then skips its own container's log file, which would otherwise feed back into it.
   */
  public static stdout(options: LogOutputOptions = {}): LogOutput {
    checkCall('LogOutput.stdout', optionsProblems(options, 'options', LOG_OUTPUT_OPTIONS_SCHEMA, 'LogOutputOptions'));
    return new LogOutput(Kind.STDOUT, options);
  }

  /**
   * Any other Fluent Bit output plugin (e.g. `kafka`, `s3`, `cloudwatch_logs`), configured
   * through `properties`; credentials belong in environment variables (`extraEnv`) referenced
   * as `${NAME}`.
   */
  public static custom(plugin: string, options: LogOutputOptions = {}): LogOutput {
    checkCall('LogOutput.custom', text('kafka')(plugin, 'plugin'), optionsProblems(options, 'options', LOG_OUTPUT_OPTIONS_SCHEMA, 'LogOutputOptions'));
    return new LogOutput(Kind.CUSTOM, options, plugin);
  }

  private constructor(
    private readonly kind: Kind,
    private readonly options: LogOutputOptions,
    private readonly customPlugin?: string) {}

  /** The Fluent Bit plugin name, e.g. "loki". */
  public get plugin(): string {
    return this.kind === Kind.CUSTOM ? this.customPlugin! : this.kind;
  }

  /** The disk-buffer limit given for this output, if any. @internal */
  public get _bufferLimit(): Size | undefined {
    return this.options.bufferLimit;
  }

  /** Whether the output writes to the collector's own standard output. @internal */
  public get _writesToStdout(): boolean {
    return this.kind === Kind.STDOUT || (this.kind === Kind.CUSTOM && this.customPlugin === 'stdout');
  }

  /** @internal What would make the output unusable; `property` locates it, e.g. "outputs[0]". */
  public _problems(property: string): Problem[] {
    const o = this.options as LokiOutputOptions & SearchOutputOptions & HttpOutputOptions;
    const problems: Problem[] = [];
    if (this.kind === Kind.CUSTOM && !PLUGIN.test(this.customPlugin ?? '')) {
      problems.push({ property: `${property}.plugin`, value: this.customPlugin, expected: 'Name a Fluent Bit output plugin in lowercase letters, digits and "_", e.g. "kafka" or "cloudwatch_logs".' });
    }
    if (o.match !== undefined && (o.match.length === 0 || /\s/.test(o.match))) {
      problems.push({ property: `${property}.match`, value: o.match, expected: 'Use a tag pattern without spaces, e.g. "*" (everything) or "kube.*" (container logs).' });
    }
    if (o.retryLimit !== undefined && (!Number.isInteger(o.retryLimit) || o.retryLimit < 1)) {
      problems.push({ property: `${property}.retryLimit`, value: o.retryLimit, expected: 'Use a whole number of retries of 1 or more, or leave it unset to retry until the backend accepts.' });
    }
    if (this.kind !== Kind.STDOUT && this.kind !== Kind.CUSTOM) {
      problems.push(...urlProblems(`${property}.url`, o.url, this.kind));
    }
    if (o.basicAuth !== undefined) {
      if (typeof o.basicAuth.username !== 'string' || o.basicAuth.username.length === 0 || /[\s:]/.test(o.basicAuth.username)) {
        problems.push({ property: `${property}.basicAuth.username`, value: o.basicAuth.username, expected: 'Give a user name without spaces or ":".' });
      }
      problems.push(...secretProblems(`${property}.basicAuth.password`, o.basicAuth.password));
    }
    if (o.bearerToken !== undefined) problems.push(...secretProblems(`${property}.bearerToken`, o.bearerToken));
    if (o.basicAuth !== undefined && o.bearerToken !== undefined) {
      problems.push({ property: `${property}.bearerToken`, value: '(Secret reference)', expected: 'Use either basicAuth or bearerToken, not both.' });
    }
    for (const [name, value] of Object.entries(o.labels ?? {})) {
      if (!LOKI_LABEL.test(name)) problems.push({ property: `${property}.labels`, value: name, expected: 'Loki label names are letters, digits and "_", not starting with a digit, e.g. "cluster".' });
      if (value.length === 0 || /[,"\n]/.test(value)) problems.push({ property: `${property}.labels.${name}`, value, expected: 'Give a non-empty value without "," or quotes, e.g. "prod-eu", or a record accessor such as "$kubernetes[\'labels\'][\'app\']".' });
    }
    if (o.tenantId !== undefined && !/^[A-Za-z0-9!._*'()-]{1,150}$/.test(o.tenantId)) {
      problems.push({ property: `${property}.tenantId`, value: o.tenantId, expected: 'Loki tenant IDs are 1-150 letters, digits and !-_.*\'(), e.g. "platform".' });
    }
    if (o.index !== undefined && o.indexPrefix !== undefined) {
      problems.push({ property: `${property}.indexPrefix`, value: o.indexPrefix, expected: `Give either index (one fixed index, here ${JSON.stringify(o.index)}) or indexPrefix (daily indices), not both.` });
    }
    for (const [name, value] of [['index', o.index], ['indexPrefix', o.indexPrefix]] as const) {
      if (value !== undefined && (value.length > 200 || !INDEX_NAME.test(value))) {
        problems.push({ property: `${property}.${name}`, value, expected: 'Index names are lowercase, start with a letter or digit and contain none of \\ / * ? " < > | space , # :, e.g. "kubernetes-logs".' });
      }
    }
    for (const [name, value] of Object.entries(o.headers ?? {})) {
      if (!HEADER_NAME.test(name)) problems.push({ property: `${property}.headers`, value: name, expected: 'Use an HTTP header name (letters, digits and -), e.g. "X-Source".' });
      if (/[\r\n]/.test(value)) problems.push({ property: `${property}.headers.${name}`, value, expected: 'Header values cannot contain line breaks.' });
      if (name.toLowerCase() === 'authorization') problems.push({ property: `${property}.headers.${name}`, value: '(hidden)', expected: 'Headers are written into the ConfigMap in plain text: pass credentials with bearerToken or basicAuth, which read a Secret.' });
    }
    if (problems.length > 0) return problems;
    const typed = new Set(Object.keys(this.typedSection(0).section).map(k => k.toLowerCase()));
    for (const key of Object.keys(o.properties ?? {})) {
      if (!PROPERTY_KEY.test(key)) {
        problems.push({ property: `${property}.properties`, value: key, expected: 'Use a Fluent Bit property name: letters, digits, "_", "." and "-", e.g. "compress".' });
      } else if (key.toLowerCase() === BUFFER_LIMIT_KEY) {
        problems.push({ property: `${property}.properties`, value: key, expected: 'The collector writes the disk-buffer limit of every output from its buffering: set bufferLimit on the output instead.' });
      } else if (typed.has(key.toLowerCase())) {
        problems.push({ property: `${property}.properties`, value: key, expected: `The ${this.plugin} output already writes "${key}" from its typed options: set it there (or, for name and match, use the output's match option).` });
      }
    }
    return problems;
  }

  /** The output's section of the configuration; `index` numbers its environment variables. @internal */
  public _render(index: number): RenderedPlugin {
    const typed = this.typedSection(index);
    return { section: { ...typed.section, ...this.options.properties }, env: typed.env };
  }

  private typedSection(index: number): RenderedPlugin {
    const o = this.options as LokiOutputOptions & SearchOutputOptions & HttpOutputOptions;
    const section: ConfigSection = { name: this.plugin, match: o.match ?? '*' };
    const env: Record<string, EnvValue> = {};
    const secretEnv = (suffix: string, value: SecretValue): string => {
      const name = `LOG_OUTPUT_${index}_${suffix}`;
      env[name] = EnvValue.fromSecretValue(value);
      return `\${${name}}`;
    };
    if (this.kind !== Kind.STDOUT && this.kind !== Kind.CUSTOM) {
      const url = new URL(o.url);
      const tls = url.protocol === 'https:';
      section.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      section.port = url.port === '' ? (tls ? 443 : 80) : Number(url.port);
      const path = url.pathname === '/' ? '' : url.pathname;
      if (this.kind === Kind.LOKI) section.uri = path || LOKI_PUSH_PATH;
      if (this.kind === Kind.HTTP) section.uri = `${path || '/'}${url.search}`;
      if ((this.kind === Kind.ELASTICSEARCH || this.kind === Kind.OPENSEARCH) && path) section.path = path;
      section.tls = tls ? 'on' : 'off';
      if (tls) section['tls.verify'] = o.tlsVerify === false ? 'off' : 'on';
      if (o.basicAuth) {
        section.http_user = o.basicAuth.username;
        section.http_passwd = secretEnv('HTTP_PASSWD', o.basicAuth.password);
      }
    }
    switch (this.kind) {
      case Kind.LOKI:
        if (o.tenantId !== undefined) section.tenant_id = o.tenantId;
        if (o.bearerToken) section.bearer_token = secretEnv('BEARER_TOKEN', o.bearerToken);
        section.labels = Object.entries({ ...DEFAULT_LOKI_LABELS, ...o.labels }).map(([k, v]) => `${k}=${v}`).join(', ');
        section.line_format = 'json';
        break;
      case Kind.ELASTICSEARCH:
      case Kind.OPENSEARCH:
        if (o.index !== undefined) {
          section.index = o.index;
        } else {
          section.logstash_format = 'on';
          section.logstash_prefix = o.indexPrefix ?? DEFAULT_INDEX_PREFIX;
        }
        // Elasticsearch 8 removed mapping types; typeless requests also work with 7.x and OpenSearch.
        section.suppress_type_name = 'on';
        // Kubernetes label keys are full of dots (app.kubernetes.io/name); unreplaced, they turn
        // into object mappings that conflict with plain `app` labels and the batch is rejected.
        section.replace_dots = 'on';
        // A retried batch gets the same document IDs, so a retry never indexes a record twice.
        section.generate_id = 'on';
        // Rejected documents are logged with the backend's reason instead of silently dropped.
        section.trace_error = 'on';
        break;
      case Kind.HTTP: {
        section.format = o.format ?? HttpLogFormat.JSON_LINES;
        if (section.format !== HttpLogFormat.MSGPACK && section.format !== HttpLogFormat.GELF) {
          section.json_date_key = 'date';
          section.json_date_format = 'iso8601';
        }
        const headers = Object.entries(o.headers ?? {}).map(([k, v]) => `${k} ${v}`);
        if (o.bearerToken) headers.push(`Authorization Bearer ${secretEnv('BEARER_TOKEN', o.bearerToken)}`);
        if (headers.length > 0) section.header = headers;
        break;
      }
      case Kind.STDOUT:
        section.format = 'json_lines';
        break;
      default:
        break;
    }
    if (this.kind !== Kind.STDOUT) section.retry_limit = o.retryLimit ?? 'no_limits';
    return { section, env };
  }
}

function urlProblems(property: string, url: string | undefined, kind: Kind): Problem[] {
  const example = kind === Kind.LOKI ? 'http://loki-gateway.loki.svc.cluster.local'
    : kind === Kind.HTTP ? 'https://logs.example.com/ingest'
      : 'https://elasticsearch-master.elastic.svc:9200';
  const expected = (why: string) => `${why} Use an absolute http:// or https:// URL, e.g. "${example}".`;
  if (url === undefined || url.trim().length === 0) return [{ property, value: url, expected: expected('The backend URL is required.') }];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ property, value: url, expected: expected('This is not a URL (a port must be 1-65535).') }];
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return [{ property, value: url, expected: expected(`Fluent Bit speaks HTTP(S) to this backend, not "${parsed.protocol}".`) }];
  }
  if (parsed.hostname === '') return [{ property, value: url, expected: expected('The URL names no host.') }];
  if (parsed.username !== '' || parsed.password !== '') {
    return [{ property, value: url.replace(/\/\/[^@/]*@/, '//***@'), expected: 'Credentials in the URL would be written into the ConfigMap in plain text: remove them and use basicAuth (or bearerToken) with a Secret.' }];
  }
  if (parsed.port === '0') return [{ property, value: url, expected: expected('Port 0 is not a port; use 1-65535.') }];
  if (parsed.hash !== '') return [{ property, value: url, expected: expected('A "#fragment" is never sent to the server; remove it.') }];
  if (parsed.search !== '' && kind !== Kind.HTTP) {
    return [{ property, value: url, expected: expected('This output takes no query string; remove the "?..." part.') }];
  }
  return [];
}

function secretProblems(property: string, value: SecretValue | undefined): Problem[] {
  // A JavaScript caller can leave it out; reading it would be a TypeError.
  if (typeof value?.key === 'string' && SECRET_KEY.test(value.key)) return [];
  return [{ property: `${property}.key`, value: value?.key, expected: 'A Secret key is letters, digits, "-", "_" and ".", e.g. "password".' }];
}
