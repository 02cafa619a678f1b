/**
 * Bad-input catalog, part 3: the metrics agents (node-exporter, the GPU monitor), their version
 * classes, collectors and counters, and the options every agent shares.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, MountPropagation } from 'cdk8s-plus-28';
import { BadInput, catalog } from './catalog';
import {
  DcgmCounter, DcgmCounters, DcgmExporterVariant, DcgmExporterVersion, DcgmMetricType, GpuMonitorDaemonSet,
  GpuMonitorDaemonSetProps, NodeExporterCollector, NodeExporterDaemonSet, NodeExporterDaemonSetProps, NodeExporterVersion,
  SyncWave,
} from '../../src';

const NE = 'test/ne';
const GPU = 'test/gpu';
const exporter = (props: NodeExporterDaemonSetProps) => (chart: any) => new NodeExporterDaemonSet(chart, 'ne', props);
const gpu = (props: GpuMonitorDaemonSetProps) => (chart: any) => new GpuMonitorDaemonSet(chart, 'gpu', props);

const nodeExporter: BadInput[] = [
  {
    name: 'rejects an image registry with a tag, naming imageRegistry (not the container image it becomes)',
    build: exporter({ imageRegistry: 'mirror.example.com/quay:v1' }),
    error: { path: NE, property: 'imageRegistry', value: '"mirror.example.com/quay:v1"', fix: 'Give the registry and path only, without a tag: each image keeps its own' },
  },
  {
    name: 'rejects an image registry whose first part the runtime would read as a Docker Hub path',
    build: exporter({ imageRegistry: 'mirror/quay' }),
    error: { path: NE, property: 'imageRegistry', value: '"mirror/quay"', fix: 'reads a first part without "." or ":" as a path on Docker Hub, not as a host' },
  },
  {
    name: 'rejects an image registry with a scheme',
    build: exporter({ imageRegistry: 'https://mirror.example.com' }),
    error: { path: NE, property: 'imageRegistry', value: '"https://mirror.example.com"', fix: 'Give the registry without a scheme' },
  },
  {
    name: 'rejects an image pull Secret listed twice',
    build: exporter({ imagePullSecrets: ['mirror-pull', 'mirror-pull'] }),
    error: { path: NE, property: 'imagePullSecrets[1]', value: '"mirror-pull"', fix: 'Each Secret is listed once: drop the duplicate.' },
    absent: 'imagePullSecrets',
  },
  {
    name: 'rejects an exporter port a non-root process cannot bind',
    build: exporter({ port: 100 }),
    error: { path: NE, property: 'port', value: '100', fix: 'use a port from 1024 to 65535, e.g. 9100' },
    absent: ':100',
  },
  {
    name: 'rejects an exporter port above 65535',
    build: exporter({ port: 70000 }),
    error: { path: NE, property: 'port', value: '70000', fix: 'Use an integer port from 1 to 65535' },
    absent: '70000',
  },
  {
    name: 'rejects Bidirectional propagation of the node\'s /',
    build: exporter({ hostRootPropagation: MountPropagation.BIDIRECTIONAL }),
    error: { path: NE, property: 'hostRootPropagation', value: '"Bidirectional"', fix: 'use MountPropagation.HOST_TO_CONTAINER, or MountPropagation.NONE' },
  },
  {
    name: 'rejects a misspelt collector and names the custom() escape',
    build: exporter({ enableCollectors: [NodeExporterCollector.of('sytemd')] }),
    error: { path: NE, property: 'enableCollectors[0]', value: '"sytemd"', fix: 'NodeExporterCollector.custom("sytemd")' },
  },
  {
    name: 'rejects a collector written as a flag',
    build: exporter({ disableCollectors: [NodeExporterCollector.custom('--collector.hwmon')] }),
    error: { path: NE, property: 'disableCollectors[0]', value: '"--collector.hwmon"', fix: 'without "--collector."' },
  },
  {
    name: 'rejects a collector both enabled and disabled',
    build: exporter({ enableCollectors: [NodeExporterCollector.SYSTEMD], disableCollectors: [NodeExporterCollector.SYSTEMD] }),
    error: { path: NE, property: 'disableCollectors', value: '"systemd"', fix: 'keep it in one list' },
    absent: 'collector.systemd',
  },
  {
    name: 'rejects the node\'s / as the textfile directory',
    build: exporter({ textfileDirectory: '/' }),
    error: { path: NE, property: 'textfileDirectory', value: '"/"', fix: 'Use an absolute node directory other than "/"' },
    absent: 'textfile',
  },
  {
    name: 'rejects a textfile directory nothing reads',
    build: exporter({ textfileDirectory: '/var/lib/prom-textfile', disableCollectors: [NodeExporterCollector.TEXTFILE] }),
    error: { path: NE, property: 'textfileDirectory', value: '"/var/lib/prom-textfile"', fix: 'drop textfileDirectory or take TEXTFILE out of disableCollectors' },
  },
  {
    name: 'rejects a minReady of a fraction of a second',
    build: exporter({ minReady: Duration.millis(2500) }),
    error: { path: NE, property: 'minReady', value: '"2500ms"', fix: 'use e.g. Duration.seconds(10)' },
    absent: 'minReadySeconds: 2.5',
  },
  {
    name: 'rejects an extra HOST_IP, which the listen address reads',
    build: exporter({ extraEnv: { HOST_IP: EnvValue.fromValue('0.0.0.0') } }),
    error: { path: NE, property: 'extraEnv', value: '"HOST_IP"', fix: 'choose another name, or set listenOnAllInterfaces: true' },
    absent: '0.0.0.0',
  },
  {
    name: 'rejects a positional extra argument',
    build: exporter({ extraArgs: ['collector.systemd'] }),
    error: { path: NE, property: 'extraArgs[0]', value: '"collector.systemd"', fix: 'node-exporter takes only flags' },
  },
  {
    name: 'rejects an extra argument repeating a flag the construct sets',
    build: exporter({ extraArgs: ['--web.listen-address=:9200'] }),
    error: { path: NE, property: 'extraArgs[0]', value: '"--web.listen-address=:9200"', fix: 'use port and listenOnAllInterfaces instead' },
  },
  {
    name: 'rejects an include list beside the construct\'s exclude list',
    build: exporter({ extraArgs: ['--collector.netdev.device-include=^eth'] }),
    error: { path: NE, property: 'extraArgs[0]', value: '"--collector.netdev.device-include=^eth"', fix: 'set networkDevicesExclude to "" to use an include list instead' },
  },
  {
    name: 'rejects a namespace in capitals',
    build: exporter({ namespace: 'Monitoring' }),
    error: { path: NE, property: 'namespace', value: '"Monitoring"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects an instance that cannot name the Service',
    build: exporter({ instance: '2nd-exporter' }),
    error: { path: NE, property: 'instance', value: '"2nd-exporter"', fix: 'starting with a letter (a DNS-1035 label)' },
  },
  {
    name: 'rejects a scrape timeout longer than the interval',
    build: exporter({ serviceMonitorOptions: { interval: Duration.seconds(5) } }),
    error: { path: NE, property: 'serviceMonitorOptions.scrapeTimeout', value: '"10s"', fix: 'lower scrapeTimeout or raise interval' },
    absent: 'ServiceMonitor',
  },
  {
    name: 'rejects ServiceMonitor options with serviceMonitor: false',
    build: exporter({ serviceMonitor: false, serviceMonitorOptions: { honorLabels: true } }),
    error: { path: NE, property: 'serviceMonitorOptions', value: '{"honorLabels":true}', fix: 'drop them, or drop serviceMonitor: false' },
    absent: 'ServiceMonitor',
  },
  {
    name: 'rejects a ServiceMonitor label key with a space',
    build: exporter({ serviceMonitorOptions: { labels: { 'prometheus release': 'main' } } }),
    error: { path: NE, property: 'serviceMonitorOptions.labels key', value: '"prometheus release"', fix: 'Use a qualified name' },
  },
  {
    name: 'rejects an agent resource request above its limit (through the base)',
    build: exporter({ resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(64) } } }),
    error: { path: `${NE}/DaemonSet`, property: 'containers[node-exporter].resources.cpu.request', value: '"2"', fix: 'A request must not exceed its limit (1)' },
    absent: 'node-exporter:v',
  },
  {
    name: 'rejects a partOf label with an exclamation mark (through the base)',
    build: exporter({ partOf: 'monitoring!' }),
    error: { path: `${NE}/DaemonSet`, property: 'partOf', value: '"monitoring!"', fix: 'letters, digits, "-", "_" and "."' },
  },
  {
    name: 'rejects a sync wave that is not a whole number',
    build: exporter({ syncWave: SyncWave.of(0.5) }),
    error: { path: NE, property: 'syncWave', value: '0.5', fix: 'Argo CD sync waves are whole numbers, e.g. SyncWave.of(-5)' },
    absent: '"0.5"',
  },
  {
    name: 'rejects a node-exporter version with a "v"',
    build: () => NodeExporterVersion.of('v1.12.1'),
    error: { path: 'NodeExporterVersion.of', property: 'version', value: '"v1.12.1"', fix: 'without a "v", e.g. NodeExporterVersion.of(\'1.12.1\')' },
  },
  {
    name: 'rejects the node-exporter version "latest"',
    build: () => NodeExporterVersion.of('latest'),
    error: { path: 'NodeExporterVersion.of', property: 'version', value: '"latest"', fix: 'Use a release number "major.minor.patch"' },
  },
];

const gpuMonitor: BadInput[] = [
  {
    name: 'rejects an empty counter set',
    build: gpu({ counters: [] }),
    error: { path: GPU, property: 'counters', value: '[]', fix: 'keep the defaults (omit the property) or give at least one DcgmCounter' },
    absent: 'dcgm-exporter',
  },
  {
    name: 'rejects a counter that is not a DCGM field',
    build: gpu({ extraCounters: [DcgmCounter.gauge('dcgm_fi_dev_gpu_temp', 'GPU temperature.')] }),
    error: { path: GPU, property: 'extraCounters[0].field', value: '"dcgm_fi_dev_gpu_temp"', fix: 'Use a DCGM field name in capitals, "DCGM_FI_..."' },
  },
  {
    name: 'rejects a counter exported twice',
    build: gpu({ extraCounters: [DcgmCounter.gauge('DCGM_FI_DEV_GPU_TEMP', 'Again.')] }),
    error: { path: GPU, property: 'extraCounters[0].field', value: '"DCGM_FI_DEV_GPU_TEMP"', fix: 'Each field may be exported once' },
    absent: 'Again.',
  },
  {
    name: 'rejects a metric type Prometheus does not have, where the counter is made',
    build: () => DcgmCounter.of({ field: 'DCGM_FI_DEV_GPU_TEMP', type: 'histogram' as DcgmMetricType, help: 'GPU temperature.' }),
    error: { path: 'DcgmCounter.of', property: 'type', value: '"histogram"', fix: 'Give one of DcgmMetricType: "gauge", "counter", "label"' },
  },
  {
    name: 'rejects help text with a comma, which breaks the CSV',
    build: gpu({ counters: [DcgmCounter.gauge('DCGM_FI_DEV_GPU_TEMP', 'Temperature, in C')] }),
    error: { path: GPU, property: 'counters[0].help', value: '"Temperature, in C"', fix: 'without commas, double quotes or line breaks' },
  },
  {
    name: 'rejects a profiling counter without profilingMetrics',
    build: gpu({ extraCounters: [DcgmCounters.profiling()[0]] }),
    error: { path: GPU, property: 'extraCounters[0].field', value: '"DCGM_FI_PROF_GR_ENGINE_ACTIVE"', fix: 'set profilingMetrics: true, or remove the counter' },
  },
  {
    name: 'rejects profilingMetrics without a profiling counter',
    build: gpu({ profilingMetrics: true, counters: DcgmCounters.standard() }),
    error: { path: GPU, property: 'profilingMetrics', value: 'true', fix: 'add profiling counters (e.g. DcgmCounters.profiling()) or drop profilingMetrics' },
    absent: 'SYS_ADMIN',
  },
  {
    name: 'rejects extra env that overrides the listen address',
    build: gpu({ extraEnv: { DCGM_EXPORTER_LISTEN: EnvValue.fromValue(':9500') } }),
    error: { path: GPU, property: 'extraEnv[DCGM_EXPORTER_LISTEN]', value: '"DCGM_EXPORTER_LISTEN"', fix: 'the metrics port is fixed at 9400' },
    absent: ':9500',
  },
  {
    name: 'rejects an extra argument that replaces the counters file',
    build: gpu({ extraArgs: ['--collectors=/etc/dcp.csv'] }),
    error: { path: GPU, property: 'extraArgs[0]', value: '"--collectors=/etc/dcp.csv"', fix: 'use counters and extraCounters instead' },
  },
  {
    name: 'rejects podLabels without pod attribution',
    build: gpu({ podAttribution: false, podLabels: true }),
    error: { path: GPU, property: 'podLabels', value: 'true', fix: 'set podAttribution: true (the default) or drop podLabels' },
    absent: 'ENABLE_POD_LABELS',
  },
  {
    name: 'rejects a pod-resources path without pod attribution',
    build: gpu({ podAttribution: false, kubeletPodResourcesPath: '/var/lib/k0s/kubelet/pod-resources' }),
    error: { path: GPU, property: 'kubeletPodResourcesPath', value: '"/var/lib/k0s/kubelet/pod-resources"', fix: 'drop one of the two' },
  },
  {
    name: 'rejects a relative pod-resources path',
    build: gpu({ kubeletPodResourcesPath: 'var/lib/kubelet/pod-resources' }),
    error: { path: `${GPU}/DaemonSet`, property: 'container exporter hostPath', value: '"var/lib/kubelet/pod-resources"', fix: 'Use an absolute path' },
    absent: 'path: var/lib',
  },
  {
    name: 'rejects a GPU monitor minReady of a fraction of a second',
    build: gpu({ minReady: Duration.millis(1500) }),
    error: { path: GPU, property: 'minReady', value: '"1500ms"', fix: 'Kubernetes counts minReadySeconds in whole seconds of 0 or more' },
    absent: 'minReadySeconds: 1.5',
  },
  {
    name: 'rejects a GPU monitor minReady of a fraction of a millisecond',
    build: gpu({ minReady: Duration.millis(0.5) }),
    error: { path: GPU, property: 'minReady', value: '"0.5ms"', fix: 'Kubernetes counts minReadySeconds in whole seconds of 0 or more' },
    absent: 'minReadySeconds: 0.0005',
  },
  {
    name: 'rejects a GPU monitor instance starting with a digit',
    build: gpu({ instance: '1gpu' }),
    error: { path: GPU, property: 'instance', value: '"1gpu"', fix: 'a DNS-1035 label' },
  },
  {
    name: 'rejects a runtime class in capitals (through the base)',
    build: gpu({ runtimeClassName: 'Nvidia' }),
    error: { path: `${GPU}/DaemonSet`, property: 'runtimeClassName', value: '"Nvidia"', fix: 'a DNS-1123 subdomain' },
  },
  {
    name: 'rejects an extra env name starting with a digit',
    build: gpu({ extraEnv: { '1GPU': EnvValue.fromValue('on') } }),
    error: { path: GPU, property: 'extraEnv', value: '"1GPU"', fix: 'not starting with a digit, e.g. "GOMAXPROCS"' },
  },
  {
    name: 'rejects a dcgm-exporter version with a "v"',
    build: () => DcgmExporterVersion.of('4.5.3', 'v4.8.2'),
    error: { path: 'DcgmExporterVersion.of()', property: 'exporterVersion', value: '"v4.8.2"', fix: 'Use a release number "x.y.z" without a "v"' },
  },
  {
    name: 'rejects a dcgm-exporter tag without its variant',
    build: () => DcgmExporterVersion.fromTag('4.5.3-4.8.2'),
    error: { path: 'DcgmExporterVersion.fromTag()', property: 'tag', value: '"4.5.3-4.8.2"', fix: '"<DCGM version>-<exporter version>-<variant>"' },
  },
  {
    name: 'rejects a dcgm-exporter mirror with a digest',
    build: gpu({ imageRegistry: 'mirror.example.com/nvcr@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }),
    error: { path: GPU, property: 'imageRegistry', value: '"mirror.example.com/nvcr@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"', fix: 'without a digest: each image keeps its own' },
  },
  {
    name: 'rejects an image variant with a space',
    build: () => DcgmExporterVariant.of('Ubuntu 22.04'),
    error: { path: 'DcgmExporterVariant.of()', property: 'name', value: '"Ubuntu 22.04"', fix: 'e.g. "distroless" or "ubuntu22.04"' },
  },
];

describe('bad inputs: NodeExporterDaemonSet', () => catalog(nodeExporter));
describe('bad inputs: GpuMonitorDaemonSet', () => catalog(gpuMonitor));
