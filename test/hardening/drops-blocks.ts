/**
 * No-silent-drops tables for the agents' building blocks: log outputs and filters, DCGM counters,
 * and the ServiceMonitor options and target (the CNI's are in drops-cni.ts).
 */
import { Duration, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { DropTable } from './drops';
import { gpuObjects, nodeExporterObjects } from './drops-agents';
import { HttpLogFormat, LogBuffering, LogCollectorDaemonSet, LogFilter, LogOutput, ScrapeScheme } from '../../src';
import { addServiceMonitor } from '../../src/agents/service-monitor';
import { agent } from '../base/fixtures';
import { Manifest, newChart, synth } from '../support/manifests';

let outputs: Manifest[] | undefined;
/**
 * A log collector with outputs of every kind. Each output type gets each of its options,
 * inherited ones included: 0 and 1 Loki, 2 Elasticsearch, 3 OpenSearch, 4 and 5 HTTP, 6 custom.
 */
function outputObjects(): Manifest[] {
  if (outputs) return outputs;
  const chart = newChart('drops', 'drop-ns');
  const secret = (key: string) => ({ secret: Secret.fromSecretName(chart, key, 'drop-secret'), key });
  new LogCollectorDaemonSet(chart, 'logs', {
    instance: 'drop-outputs',
    buffering: LogBuffering.filesystem(),
    outputs: [
      LogOutput.loki({
        url: 'https://drop-loki.example.com:3443/drop/push',
        labels: { drop_label: 'x' },
        tenantId: 'drop-tenant',
        bearerToken: secret('drop-token'),
        match: 'drop-loki.*',
        retryLimit: 9,
        bufferLimit: Size.mebibytes(9),
        properties: { workers: '3' },
      }),
      LogOutput.loki({ url: 'https://drop-loki-2.example.com', basicAuth: { username: 'drop-user', password: secret('drop-password') }, tlsVerify: false }),
      LogOutput.elasticsearch({
        url: 'https://drop-es:9200/drop-path',
        index: 'drop-index',
        basicAuth: { username: 'drop-es-user', password: secret('drop-es-password') },
        tlsVerify: false,
        match: 'drop-es.*',
        retryLimit: 5,
        bufferLimit: Size.mebibytes(5),
        properties: { buffer_size: '1MB' },
      }),
      LogOutput.openSearch({ url: 'https://drop-os:9200', indexPrefix: 'drop-prefix' }),
      LogOutput.http({
        url: 'https://drop-http.example.com/drop?x=1',
        format: HttpLogFormat.GELF,
        headers: { 'X-Drop': 'yes' },
        bearerToken: secret('drop-http'),
        tlsVerify: false,
        match: 'drop-http.*',
        retryLimit: 6,
        bufferLimit: Size.mebibytes(6),
        properties: { compress: 'gzip' },
      }),
      LogOutput.http({ url: 'https://drop-http-2.example.com', basicAuth: { username: 'drop-http-user', password: secret('drop-http-password') } }),
      LogOutput.custom('kafka', { match: 'drop-custom.*', retryLimit: 4, bufferLimit: Size.mebibytes(4), properties: { brokers: 'drop-broker:9092' } }),
    ],
    filters: [LogFilter.custom('grep', { match: 'drop-filter.*', properties: { exclude: 'log drop' } })],
  });
  outputs = synth(chart);
  return outputs;
}

const CONFIG = 'ConfigMap/drop-outputs data["fluent-bit.yaml"](yaml).pipeline';
const OUT = (i: number) => `${CONFIG}.outputs[${i}]`;
const ENV = 'DaemonSet/drop-outputs spec.template.spec.containers[name=fluent-bit].env';

let target: Manifest[] | undefined;
/** A ServiceMonitor built straight from its target. */
function targetObjects(): Manifest[] {
  if (target) return target;
  const chart = newChart('drops', 'drop-ns');
  addServiceMonitor({
    agent: agent(chart, { instance: 'drop-target' }),
    port: 'drop-port',
    path: '/drop-metrics',
    interval: Duration.seconds(42),
    honorLabels: true,
    scheme: ScrapeScheme.HTTPS,
    bearerToken: true,
    tlsConfig: { serverName: 'drop-target.example.com' },
  });
  target = synth(chart);
  return target;
}

const PROXY = 'DaemonSet/drop-ne-proxy spec.template.spec.containers[name=kube-rbac-proxy]';
const PROXY_MONITOR = 'ServiceMonitor/drop-ne-proxy spec.endpoints[0]';
const PROXY_VPA = 'VerticalPodAutoscaler/drop-ne-proxy spec';

export const blockTables: DropTable[] = [
  {
    struct: 'LokiOutputOptions',
    synth: outputObjects,
    rows: {
      url: { at: OUT(0), has: { host: 'drop-loki.example.com', port: 3443, uri: '/drop/push', tls: 'on' } },
      labels: { at: `${OUT(0)}.labels`, has: ', drop_label=x' },
      tenantId: { at: `${OUT(0)}.tenant_id`, is: 'drop-tenant' },
      bearerToken: [
        { at: `${OUT(0)}.bearer_token`, is: '${LOG_OUTPUT_0_BEARER_TOKEN}' },
        { at: ENV, has: { name: 'LOG_OUTPUT_0_BEARER_TOKEN', valueFrom: { secretKeyRef: { name: 'drop-secret', key: 'drop-token' } } } },
      ],
      basicAuth: { at: OUT(1), has: { http_user: 'drop-user', http_passwd: '${LOG_OUTPUT_1_HTTP_PASSWD}' } },
      tlsVerify: { at: `${OUT(1)}["tls.verify"]`, is: 'off' },
      match: { at: `${OUT(0)}.match`, is: 'drop-loki.*' },
      retryLimit: { at: `${OUT(0)}.retry_limit`, is: 9 },
      bufferLimit: { at: `${OUT(0)}["storage.total_limit_size"]`, is: 9 * 1024 * 1024 },
      properties: { at: `${OUT(0)}.workers`, is: '3' },
    },
  },
  {
    struct: 'SearchOutputOptions',
    synth: outputObjects,
    rows: {
      url: { at: OUT(2), has: { name: 'es', host: 'drop-es', port: 9200, path: '/drop-path', tls: 'on' } },
      index: { at: `${OUT(2)}.index`, is: 'drop-index' },
      indexPrefix: { at: OUT(3), has: { name: 'opensearch', logstash_format: 'on', logstash_prefix: 'drop-prefix' } },
      basicAuth: [{ at: OUT(2), has: { http_user: 'drop-es-user', http_passwd: '${LOG_OUTPUT_2_HTTP_PASSWD}' } }, { at: ENV, has: { name: 'LOG_OUTPUT_2_HTTP_PASSWD' } }],
      tlsVerify: { at: `${OUT(2)}["tls.verify"]`, is: 'off' },
      match: { at: `${OUT(2)}.match`, is: 'drop-es.*' },
      retryLimit: { at: `${OUT(2)}.retry_limit`, is: 5 },
      bufferLimit: { at: `${OUT(2)}["storage.total_limit_size"]`, is: 5 * 1024 * 1024 },
      properties: { at: `${OUT(2)}.buffer_size`, is: '1MB' },
    },
  },
  {
    struct: 'HttpOutputOptions',
    synth: outputObjects,
    rows: {
      url: { at: OUT(4), has: { name: 'http', host: 'drop-http.example.com', port: 443, uri: '/drop?x=1', tls: 'on' } },
      format: { at: `${OUT(4)}.format`, is: 'gelf' },
      headers: { at: `${OUT(4)}.header`, has: 'X-Drop yes' },
      bearerToken: [{ at: `${OUT(4)}.header`, has: 'Authorization Bearer ${LOG_OUTPUT_4_BEARER_TOKEN}' }, { at: ENV, has: { name: 'LOG_OUTPUT_4_BEARER_TOKEN' } }],
      basicAuth: { at: OUT(5), has: { http_user: 'drop-http-user', http_passwd: '${LOG_OUTPUT_5_HTTP_PASSWD}' } },
      tlsVerify: { at: `${OUT(4)}["tls.verify"]`, is: 'off' },
      match: { at: `${OUT(4)}.match`, is: 'drop-http.*' },
      retryLimit: { at: `${OUT(4)}.retry_limit`, is: 6 },
      bufferLimit: { at: `${OUT(4)}["storage.total_limit_size"]`, is: 6 * 1024 * 1024 },
      properties: { at: `${OUT(4)}.compress`, is: 'gzip' },
    },
  },
  {
    struct: 'LogOutputOptions',
    synth: outputObjects,
    rows: {
      match: { at: `${OUT(6)}.match`, is: 'drop-custom.*' },
      retryLimit: { at: `${OUT(6)}.retry_limit`, is: 4 },
      bufferLimit: { at: `${OUT(6)}["storage.total_limit_size"]`, is: 4 * 1024 * 1024 },
      properties: { at: `${OUT(6)}.brokers`, is: 'drop-broker:9092' },
    },
  },
  {
    struct: 'LogBackendOptions',
    synth: outputObjects,
    rows: {
      basicAuth: { at: OUT(1), has: { http_user: 'drop-user', http_passwd: '${LOG_OUTPUT_1_HTTP_PASSWD}' } },
      tlsVerify: { at: `${OUT(1)}["tls.verify"]`, is: 'off' },
      match: { at: `${OUT(0)}.match`, is: 'drop-loki.*' },
      retryLimit: { at: `${OUT(0)}.retry_limit`, is: 9 },
      bufferLimit: { at: `${OUT(0)}["storage.total_limit_size"]`, is: 9 * 1024 * 1024 },
      properties: { at: `${OUT(0)}.workers`, is: '3' },
    },
  },
  {
    struct: 'LogOutputBasicAuth',
    synth: outputObjects,
    rows: {
      username: { at: `${OUT(1)}.http_user`, is: 'drop-user' },
      password: { at: ENV, has: { name: 'LOG_OUTPUT_1_HTTP_PASSWD', valueFrom: { secretKeyRef: { name: 'drop-secret', key: 'drop-password' } } } },
    },
  },
  {
    struct: 'LogFilterOptions',
    synth: outputObjects,
    rows: {
      match: { at: `${CONFIG}.filters[name=grep].match`, is: 'drop-filter.*' },
      properties: { at: `${CONFIG}.filters[name=grep].exclude`, is: 'log drop' },
    },
  },
  {
    struct: 'DcgmCounterProps',
    synth: gpuObjects,
    rows: {
      field: { at: 'ConfigMap/drop-gpu-counters data["counters.csv"]', has: '\nDCGM_FI_DEV_GPU_TEMP, ' },
      type: { at: 'ConfigMap/drop-gpu-counters data["counters.csv"]', has: 'DCGM_FI_DEV_GPU_TEMP, gauge, ' },
      help: { at: 'ConfigMap/drop-gpu-counters data["counters.csv"]', has: ', Drop temperature.' },
    },
  },
  {
    struct: 'ServiceMonitorOptions',
    synth: nodeExporterObjects,
    rows: {
      interval: { at: 'ServiceMonitor/drop-ne spec.endpoints[0].interval', is: '21s' },
      scrapeTimeout: { at: 'ServiceMonitor/drop-ne spec.endpoints[0].scrapeTimeout', is: '9s' },
      labels: { at: 'ServiceMonitor/drop-ne metadata.labels.release', is: 'drop' },
      honorLabels: { at: 'ServiceMonitor/drop-ne spec.endpoints[0].honorLabels', is: true },
      instanceFromNodeName: { at: 'ServiceMonitor/drop-ne spec.endpoints[0].relabelings', is: undefined },
      metricRelabelings: { at: 'ServiceMonitor/drop-ne spec.endpoints[0].metricRelabelings[0].targetLabel', is: 'drop_shard' },
      relabelings: { at: 'ServiceMonitor/drop-ne-proxy spec.endpoints[0].relabelings[1]', is: { action: 'replace', sourceLabels: ['__meta_drop'], targetLabel: 'drop_label' } },
      tlsConfig: { at: 'ServiceMonitor/drop-ne-proxy spec.endpoints[0].tlsConfig.serverName', is: 'drop.example.com' },
    },
  },
  {
    struct: 'Relabeling',
    synth: nodeExporterObjects,
    rows: Object.fromEntries(Object.entries({
      action: 'hashmod', sourceLabels: ['drop_src'], separator: '|', regex: 'drop(.*)', targetLabel: 'drop_shard', replacement: '$1', modulus: 7,
    }).map(([k, v]) => [k, { at: `ServiceMonitor/drop-ne spec.endpoints[0].metricRelabelings[0].${k}`, is: v }])),
  },
  {
    struct: 'MonitorTlsConfig',
    synth: nodeExporterObjects,
    rows: {
      caSecret: { at: `${PROXY_MONITOR}.tlsConfig.ca`, is: { secret: { name: 'drop-ca', key: 'drop-ca.pem' } } },
      certSecret: { at: `${PROXY_MONITOR}.tlsConfig.cert`, is: { secret: { name: 'drop-cert', key: 'drop-cert.pem' } } },
      keySecret: { at: `${PROXY_MONITOR}.tlsConfig.keySecret`, is: { name: 'drop-key', key: 'drop-key.pem' } },
      serverName: { at: `${PROXY_MONITOR}.tlsConfig.serverName`, is: 'drop.example.com' },
      insecureSkipVerify: { at: `${PROXY_MONITOR}.tlsConfig.insecureSkipVerify`, is: false },
    },
  },
  {
    struct: 'KubeRbacProxyOptions',
    synth: nodeExporterObjects,
    rows: {
      version: { at: `${PROXY}.image`, is: 'quay.io/brancz/kube-rbac-proxy:v0.23.4' },
      upstreamPort: [{ at: `${PROXY}.args`, has: '--upstream=http://127.0.0.1:9880/' }, { at: 'DaemonSet/drop-ne-proxy spec.template.spec.containers[name=node-exporter].args', has: '--web.listen-address=127.0.0.1:9880' }],
      tlsSecretName: { at: 'DaemonSet/drop-ne-proxy spec.template.spec.volumes[name=kube-rbac-proxy-tls].secret.secretName', is: 'drop-tls' },
      resources: { at: `${PROXY}.resources`, is: { requests: { cpu: '12m', memory: '21Mi' }, limits: { memory: '41Mi' } } },
    },
  },
  {
    struct: 'VerticalPodAutoscalerOptions',
    synth: nodeExporterObjects,
    rows: {
      updateMode: { at: `${PROXY_VPA}.updatePolicy.updateMode`, is: 'Recreate' },
      minAllowed: { at: `${PROXY_VPA}.resourcePolicy.containerPolicies[0].minAllowed`, is: { cpu: '11m', memory: '11264Ki' } },
      maxAllowed: { at: `${PROXY_VPA}.resourcePolicy.containerPolicies[0].maxAllowed`, is: { cpu: '111m', memory: '113664Ki' } },
      controlledValues: { at: `${PROXY_VPA}.resourcePolicy.containerPolicies[0].controlledValues`, is: 'RequestsOnly' },
    },
  },
  {
    struct: 'VpaResources',
    synth: nodeExporterObjects,
    rows: {
      cpu: { at: `${PROXY_VPA}.resourcePolicy.containerPolicies[0].minAllowed.cpu`, is: '11m' },
      memory: { at: `${PROXY_VPA}.resourcePolicy.containerPolicies[0].maxAllowed.memory`, is: '113664Ki' },
    },
  },
  {
    struct: 'ServiceMonitorTarget',
    synth: targetObjects,
    rows: {
      agent: { at: 'ServiceMonitor/drop-target spec.selector.matchLabels["app.kubernetes.io/instance"]', is: 'drop-target' },
      port: { at: 'ServiceMonitor/drop-target spec.endpoints[0].port', is: 'drop-port' },
      path: { at: 'ServiceMonitor/drop-target spec.endpoints[0].path', is: '/drop-metrics' },
      interval: { at: 'ServiceMonitor/drop-target spec.endpoints[0].interval', is: '42s' },
      honorLabels: { at: 'ServiceMonitor/drop-target spec.endpoints[0].honorLabels', is: true },
      scheme: { at: 'ServiceMonitor/drop-target spec.endpoints[0].scheme', is: 'https' },
      bearerToken: { at: 'ServiceMonitor/drop-target spec.endpoints[0].bearerTokenFile', is: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
      tlsConfig: { at: 'ServiceMonitor/drop-target spec.endpoints[0].tlsConfig', is: { serverName: 'drop-target.example.com' } },
    },
  },
];
