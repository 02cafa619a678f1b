/**
 * The options of the log outputs (LogOutput's factories), each with the runtime schema its
 * factory checks. The outputs themselves, and the checks of the values, are in outputs.ts.
 */
import { Size } from 'cdk8s';
import { SecretValue } from 'cdk8s-plus-28';
import { isBoolean, isString, mapOf, oneOf, optional, Schema, shaped, struct } from '../../validation/guards';
import { isSize } from '../../validation/plus-schemas';
import { count, isSecretValue, text } from '../agent-guards';


/** Options every log output takes. */
export interface LogOutputOptions {
  /**
   * Which records the output receives, as a Fluent Bit tag pattern: container logs are tagged
   * `kube.*`, journal records `host.*`.
   * @default "*" (every record)
   */
  readonly match?: string;
  /**
   * How many times a failed batch is retried before it is dropped.
   * @default - unlimited: while the backend is down the tail input pauses at its memory-buffer
   * limit and the logs wait on the node's disk (its position is in the tail DB), instead of
   * being dropped after Fluent Bit's default single retry
   */
  readonly retryLimit?: number;
  /**
   * With filesystem buffering (`buffering: LogBuffering.filesystem()`), the most data kept on the
   * node's disk for this output while it cannot deliver (`storage.total_limit_size`); past it the
   * oldest chunks are dropped. Without filesystem buffering there is no disk buffer to limit.
   * @default - the buffering's `outputLimit`
   */
  readonly bufferLimit?: Size;
  /**
   * Further plugin properties, written as given after the typed ones: the escape hatch for a
   * setting this library does not type (e.g. `{ compress: 'gzip' }` or `{ workers: '2' }`).
   * A key the typed options already write is refused; use the typed option.
   * @default - none
   */
  readonly properties?: { [key: string]: string };
}

/** The runtime shape of LogOutputOptions (spread into the other outputs' schemas). */
export const LOG_OUTPUT_OPTIONS_SCHEMA: Schema<LogOutputOptions> = {
  match: optional(isString),
  retryLimit: optional(count('a number of retries of 1 or more, e.g. 5')),
  bufferLimit: optional(isSize),
  properties: optional(mapOf(isString)),
};

/** HTTP basic authentication, with the password read from a Kubernetes Secret. */
export interface LogOutputBasicAuth {
  /** The user name (not secret; written into the configuration). */
  readonly username: string;
  /**
   * The Secret key holding the password. It reaches Fluent Bit as an environment variable
   * (`secretKeyRef`), so the ConfigMap and the committed YAML never contain it.
   */
  readonly password: SecretValue;
}

/** The runtime shape of LogOutputBasicAuth. */
export const LOG_OUTPUT_BASIC_AUTH_SCHEMA: Schema<LogOutputBasicAuth> = {
  username: shaped('a user name without spaces or ":"', v => typeof v === 'string'),
  password: isSecretValue,
};

/** Options shared by the outputs that talk HTTP(S) to a backend. */
export interface LogBackendOptions extends LogOutputOptions {
  /**
   * Basic authentication.
   * @default - none
   */
  readonly basicAuth?: LogOutputBasicAuth;
  /**
   * Verify the backend's TLS certificate (for `https://` URLs).
   * @default true
   */
  readonly tlsVerify?: boolean;
}

/** The runtime shape of LogBackendOptions. */
export const LOG_BACKEND_OPTIONS_SCHEMA: Schema<LogBackendOptions> = {
  ...LOG_OUTPUT_OPTIONS_SCHEMA,
  basicAuth: optional(struct(LOG_OUTPUT_BASIC_AUTH_SCHEMA, 'LogOutputBasicAuth')),
  tlsVerify: optional(isBoolean),
};

/** Where and how to ship logs to Grafana Loki. */
export interface LokiOutputOptions extends LogBackendOptions {
  /**
   * The Loki push endpoint. A URL without a path uses `/loki/api/v1/push`; a URL without a port
   * uses 80 for http and 443 for https.
   *
   * @example "http://loki-gateway.loki.svc.cluster.local"
   */
  readonly url: string;
  /**
   * Stream labels, added to the defaults (`job=fluent-bit` and the record's namespace, pod and
   * container); a key given here replaces the default of that name. A value starting with `$`
   * reads the record (Fluent Bit's record accessor), e.g. `"$kubernetes['labels']['app']"`.
   * Every label multiplies Loki's streams: keep them few and low-cardinality.
   * @default - job, namespace, pod and container
   */
  readonly labels?: { [name: string]: string };
  /**
   * The tenant (`X-Scope-OrgID`) of a multi-tenant Loki.
   * @default - none (single-tenant Loki)
   */
  readonly tenantId?: string;
  /**
   * The Secret key holding a bearer token (e.g. for Grafana Cloud or an authenticating gateway).
   * @default - none
   */
  readonly bearerToken?: SecretValue;
}

/** The runtime shape of LokiOutputOptions. */
export const LOKI_OUTPUT_OPTIONS_SCHEMA: Schema<LokiOutputOptions> = {
  ...LOG_BACKEND_OPTIONS_SCHEMA,
  url: text('http://loki-gateway.loki.svc.cluster.local'),
  labels: optional(mapOf(isString)),
  tenantId: optional(isString),
  bearerToken: optional(isSecretValue),
};

/** Where and how to ship logs to Elasticsearch or OpenSearch. */
export interface SearchOutputOptions extends LogBackendOptions {
  /**
   * The cluster's HTTP endpoint. A path is used as the URL prefix of a cluster behind a proxy;
   * a URL without a port uses 80 for http and 443 for https (Elasticsearch itself listens on 9200).
   *
   * @example "https://elasticsearch-master.elastic.svc:9200"
   */
  readonly url: string;
  /**
   * Write every record to this one index, alias or data stream (e.g. one that index lifecycle
   * management rolls over). Mutually exclusive with `indexPrefix`.
   * @default - daily indices named `<indexPrefix>-YYYY.MM.DD`
   */
  readonly index?: string;
  /**
   * The prefix of the daily indices, when no `index` is given.
   * @default "logstash" (Fluent Bit's and Kibana's conventional name)
   */
  readonly indexPrefix?: string;
}

/** The runtime shape of SearchOutputOptions. */
export const SEARCH_OUTPUT_OPTIONS_SCHEMA: Schema<SearchOutputOptions> = {
  ...LOG_BACKEND_OPTIONS_SCHEMA,
  url: text('https://elasticsearch-master.elastic.svc:9200'),
  index: optional(isString),
  indexPrefix: optional(isString),
};

/** The body format of the generic HTTP output. */
export enum HttpLogFormat {
  /** One JSON array per batch. */
  JSON = 'json',
  /** One JSON object per line (NDJSON). */
  JSON_LINES = 'json_lines',
  /** JSON objects back to back. */
  JSON_STREAM = 'json_stream',
  /** MessagePack, Fluent Bit's native format. */
  MSGPACK = 'msgpack',
  /** Graylog Extended Log Format. */
  GELF = 'gelf',
}

/** Where and how to POST logs to any HTTP endpoint. */
export interface HttpOutputOptions extends LogBackendOptions {
  /**
   * The endpoint records are POSTed to, with path and query.
   *
   * @example "https://logs.example.com/ingest?source=k8s"
   */
  readonly url: string;
  /**
   * The body format.
   * @default HttpLogFormat.JSON_LINES (understood by Vector, Logstash and most HTTP collectors;
   * Fluent Bit's own default, MessagePack, is not)
   */
  readonly format?: HttpLogFormat;
  /**
   * Extra request headers (not secret: they are written into the configuration).
   * @default - none
   */
  readonly headers?: { [name: string]: string };
  /**
   * The Secret key holding a bearer token, sent as `Authorization: Bearer <token>`.
   * @default - none
   */
  readonly bearerToken?: SecretValue;
}

/** The runtime shape of HttpOutputOptions. */
export const HTTP_OUTPUT_OPTIONS_SCHEMA: Schema<HttpOutputOptions> = {
  ...LOG_BACKEND_OPTIONS_SCHEMA,
  url: text('https://logs.example.com/ingest'),
  format: optional(oneOf(HttpLogFormat, 'HttpLogFormat')),
  headers: optional(mapOf(isString)),
  bearerToken: optional(isSecretValue),
};
