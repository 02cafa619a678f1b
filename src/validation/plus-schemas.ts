/**
 * Schemas of the cdk8s and cdk8s-plus-28 structs the library accepts and hands on (containers,
 * metadata, Service ports, pod settings), so a JavaScript caller's wrong type is refused with the
 * library's error instead of failing inside cdk8s-plus or being dropped by its mapper.
 */
import { Duration, Size } from 'cdk8s';
import {
  Capability, ContainerPort, ContainerProps, ContainerResources, ContainerRestartPolicy, ContainerSecurityContextProps, Cpu,
  CpuResources, DnsOption, DnsPolicy, EnvFrom, EnvValue, FsGroupChangePolicy, Handler, HostAlias, ImagePullPolicy, MemoryResources,
  MountPropagation, PodDnsProps, PodSecurityContextProps, Probe, Protocol, RestartPolicy, SeccompProfile, SeccompProfileType,
  ServicePort, Sysctl, Volume, VolumeMount,
} from 'cdk8s-plus-28';
import {
  instanceOf, isBoolean, isInteger, isNumber, isString, listOf, mapOf, oneOf, optional, Schema, shaped, struct,
} from './guards';

/** A cdk8s Duration. */
export const isDuration = instanceOf(Duration, 'Duration.seconds(10)');
/** A cdk8s Size. */
export const isSize = instanceOf(Size, 'Size.mebibytes(128)');
/** A cdk8s-plus Cpu. */
export const isCpu = instanceOf(Cpu, 'Cpu.millis(100)');
/** A cdk8s-plus EnvValue. */
export const isEnvValue = instanceOf(EnvValue, 'EnvValue.fromValue("1")');
/** A cdk8s-plus Probe. */
export const isProbe = instanceOf(Probe, 'Probe.fromHttpGet("/healthz")');
/** A cdk8s-plus-28 Volume (a Volume of another cdk8s-plus line is not one). */
export const isVolume = instanceOf(Volume, 'Volume.fromHostPath(...) from cdk8s-plus-28, the line this library is built on');
/** A ServiceAccount (or any construct with a name that stands for one). */
export const isServiceAccount = shaped('a cdk8s-plus-28 IServiceAccount, e.g. ServiceAccount.fromServiceAccountName(...)',
  v => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && typeof (v as { resourceType?: unknown }).resourceType === 'string');
/** A Secret (name and resource type). */
export const isSecret = shaped('a cdk8s-plus-28 ISecret, e.g. Secret.fromSecretName(...)',
  v => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && typeof (v as { resourceType?: unknown }).resourceType === 'string');

const stringList = listOf(isString);
const stringMap = mapOf(isString);

/** The fields of ApiObjectMetadata the library reads; cdk8s passes any other field through. */
interface MetadataFields {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
  readonly finalizers?: string[];
  readonly ownerReferences?: object[];
}
const METADATA_SCHEMA: Schema<MetadataFields> = {
  name: optional(isString),
  namespace: optional(isString),
  labels: optional(stringMap),
  annotations: optional(stringMap),
  finalizers: optional(stringList),
  ownerReferences: optional(listOf(shaped('an OwnerReference object', v => typeof v === 'object'))),
};
/** Object metadata. */
export const isMetadata = struct(METADATA_SCHEMA, 'ApiObjectMetadata', { allowUnknown: true });

const CONTAINER_PORT_SCHEMA: Schema<ContainerPort> = {
  number: isInteger,
  hostIp: optional(isString),
  hostPort: optional(isInteger),
  name: optional(isString),
  protocol: optional(oneOf(Protocol, 'Protocol')),
};
/** A container port. */
export const isContainerPort = struct(CONTAINER_PORT_SCHEMA, 'ContainerPort');

const CPU_SCHEMA: Schema<CpuResources> = { request: optional(isCpu), limit: optional(isCpu) };
const MEMORY_SCHEMA: Schema<MemoryResources> = { request: optional(isSize), limit: optional(isSize) };
const RESOURCES_SCHEMA: Schema<ContainerResources> = {
  cpu: optional(struct(CPU_SCHEMA, 'CpuResources')),
  memory: optional(struct(MEMORY_SCHEMA, 'MemoryResources')),
  ephemeralStorage: optional(struct(MEMORY_SCHEMA, 'EphemeralStorageResources')),
};
/** Container resources. */
export const isContainerResources = struct(RESOURCES_SCHEMA, 'ContainerResources');

const SECCOMP_SCHEMA: Schema<SeccompProfile> = {
  type: oneOf(SeccompProfileType, 'SeccompProfileType'),
  localhostProfile: optional(isString),
};
const CONTAINER_SECURITY_SCHEMA: Schema<ContainerSecurityContextProps> = {
  user: optional(isInteger),
  group: optional(isInteger),
  ensureNonRoot: optional(isBoolean),
  privileged: optional(isBoolean),
  readOnlyRootFilesystem: optional(isBoolean),
  allowPrivilegeEscalation: optional(isBoolean),
  capabilities: optional(struct({ add: optional(listOf(oneOf(Capability, 'Capability'))), drop: optional(listOf(oneOf(Capability, 'Capability'))) }, 'capabilities')),
  seccompProfile: optional(struct(SECCOMP_SCHEMA, 'SeccompProfile')),
};
/** A container security context. */
export const isContainerSecurityContext = struct(CONTAINER_SECURITY_SCHEMA, 'ContainerSecurityContextProps');

const VOLUME_MOUNT_SCHEMA: Schema<VolumeMount> = {
  volume: isVolume,
  path: isString,
  propagation: optional(oneOf(MountPropagation, 'MountPropagation')),
  readOnly: optional(isBoolean),
  subPath: optional(isString),
  subPathExpr: optional(isString),
};

const CONTAINER_SCHEMA: Schema<ContainerProps> = {
  image: isString,
  name: optional(isString),
  port: optional(isInteger),
  portNumber: optional(isInteger),
  ports: optional(listOf(isContainerPort)),
  command: optional(stringList),
  args: optional(stringList),
  workingDir: optional(isString),
  envVariables: optional(mapOf(isEnvValue)),
  envFrom: optional(listOf(instanceOf(EnvFrom, 'Env.fromConfigMap(...)'))),
  volumeMounts: optional(listOf(struct(VOLUME_MOUNT_SCHEMA, 'VolumeMount'))),
  imagePullPolicy: optional(oneOf(ImagePullPolicy, 'ImagePullPolicy')),
  readiness: optional(isProbe),
  liveness: optional(isProbe),
  startup: optional(isProbe),
  lifecycle: optional(struct({ postStart: optional(instanceOf(Handler, 'Handler.fromCommand([...])')), preStop: optional(instanceOf(Handler, 'Handler.fromCommand([...])')) }, 'ContainerLifecycle')),
  resources: optional(isContainerResources),
  securityContext: optional(isContainerSecurityContext),
  restartPolicy: optional(oneOf(ContainerRestartPolicy, 'ContainerRestartPolicy')),
};
/** A container. */
export const isContainerProps = struct(CONTAINER_SCHEMA, 'ContainerProps');

const SYSCTL_SCHEMA: Schema<Sysctl> = { name: isString, value: isString };
const POD_SECURITY_SCHEMA: Schema<PodSecurityContextProps> = {
  fsGroup: optional(isInteger),
  fsGroupChangePolicy: optional(oneOf(FsGroupChangePolicy, 'FsGroupChangePolicy')),
  user: optional(isInteger),
  group: optional(isInteger),
  ensureNonRoot: optional(isBoolean),
  sysctls: optional(listOf(struct(SYSCTL_SCHEMA, 'Sysctl'))),
};
const HOST_ALIAS_SCHEMA: Schema<HostAlias> = { hostnames: stringList, ip: isString };
const DNS_OPTION_SCHEMA: Schema<DnsOption> = { name: isString, value: optional(isString) };
const DNS_SCHEMA: Schema<PodDnsProps> = {
  hostname: optional(isString),
  subdomain: optional(isString),
  hostnameAsFQDN: optional(isBoolean),
  policy: optional(oneOf(DnsPolicy, 'DnsPolicy')),
  nameservers: optional(stringList),
  searches: optional(stringList),
  options: optional(listOf(struct(DNS_OPTION_SCHEMA, 'DnsOption'))),
};

/** The pod-level props of a cdk8s-plus-28 DaemonSet, as a schema to spread into a props schema. */
export const DAEMON_SET_PROPS_SCHEMA = {
  metadata: optional(isMetadata),
  podMetadata: optional(isMetadata),
  select: optional(isBoolean),
  spread: optional(isBoolean),
  minReadySeconds: optional(isNumber),
  containers: optional(listOf(isContainerProps)),
  initContainers: optional(listOf(isContainerProps)),
  volumes: optional(listOf(isVolume)),
  restartPolicy: optional(oneOf(RestartPolicy, 'RestartPolicy')),
  serviceAccount: optional(isServiceAccount),
  securityContext: optional(struct(POD_SECURITY_SCHEMA, 'PodSecurityContextProps')),
  hostAliases: optional(listOf(struct(HOST_ALIAS_SCHEMA, 'HostAlias'))),
  dns: optional(struct(DNS_SCHEMA, 'PodDnsProps')),
  dockerRegistryAuth: optional(isSecret),
  automountServiceAccountToken: optional(isBoolean),
  isolate: optional(isBoolean),
  hostNetwork: optional(isBoolean),
  terminationGracePeriod: optional(isDuration),
};

const SERVICE_PORT_SCHEMA: Schema<ServicePort> = {
  port: isInteger,
  name: optional(isString),
  nodePort: optional(isInteger),
  protocol: optional(oneOf(Protocol, 'Protocol')),
  targetPort: optional(isInteger),
};
/** A Service port. */
export const isServicePort = struct(SERVICE_PORT_SCHEMA, 'ServicePort');
