/**
 * The pod the Falco chart 9.1.0 (appVersion 0.44.1) renders, written out field by field from
 * falcosecurity/charts at tag falco-9.1.0: charts/falco/values.yaml and templates/pod-template.tpl
 * and _helpers.tpl (falco.securityContext, falco.driverLoader.initContainer, falcoctl.initContainer,
 * falcoctl.sidecar, falco.containerPluginVolumes). Only what Pod Security reads is kept: the
 * containers' security contexts, the volumes and the pod annotations.
 *
 * Two renderings: the chart's defaults (`driver.kind: auto`, which runs the kernel module's
 * loader and a privileged Falco) and its least-privileged mode (`driver.kind: modern_ebpf`,
 * `driver.modernEbpf.leastPrivileged: true`), the mode SecurityAgentDaemonSet's default matches.
 */

/** collectors.containerEngine: docker, podman, containerd, then cri's four sockets, deduplicated in that order. */
const ENGINE_SOCKETS = [
  '/var/run/docker.sock',
  '/run/podman/podman.sock',
  '/run/host-containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/run/crio/crio.sock',
  '/run/k3s/containerd/containerd.sock',
].map((path, i) => ({ name: `container-engine-socket-${i}`, hostPath: { path } }));

const hostPath = (name: string, path: string) => ({ name, hostPath: { path } });
const emptyDir = (name: string) => ({ name, emptyDir: {} });
const configMap = (name: string, configMapName: string) => ({ name, configMap: { name: configMapName } });

/** falcoctl's artifact install (init) and follow (sidecar): `securityContext:` left empty by default. */
const FALCOCTL_INSTALL = { name: 'falcoctl-artifact-install', image: 'docker.io/falcosecurity/falcoctl:0.13.0', securityContext: null };
const FALCOCTL_FOLLOW = { name: 'falcoctl-artifact-follow', image: 'docker.io/falcosecurity/falcoctl:0.13.0', securityContext: null };

/** The chart's defaults, as `helm template` renders them. */
export const CHART_DEFAULT = {
  annotations: {},
  spec: {
    containers: [
      // driver.kind auto: falco.securityContext sets privileged.
      { name: 'falco', image: 'docker.io/falcosecurity/falco:0.44.1', securityContext: { privileged: true } },
      FALCOCTL_FOLLOW,
    ],
    initContainers: [
      { name: 'falco-driver-loader', image: 'docker.io/falcosecurity/falco-driver-loader:0.44.1', securityContext: { privileged: true } },
      FALCOCTL_INSTALL,
    ],
    volumes: [
      ...ENGINE_SOCKETS,
      emptyDir('specialized-falco-configs'),
      emptyDir('plugins-install-dir'),
      emptyDir('rulesfiles-install-dir'),
      emptyDir('artifact-state-dir'),
      emptyDir('root-falco-fs'),
      hostPath('boot-fs', '/boot'),
      hostPath('lib-modules', '/lib/modules'),
      hostPath('usr-fs', '/usr'),
      hostPath('etc-fs', '/etc'),
      hostPath('dev-fs', '/dev'),
      hostPath('sys-module-fs', '/sys/module'),
      hostPath('sys-fs', '/sys/kernel'),
      hostPath('proc-fs', '/proc'),
      configMap('falcoctl-config-volume', 'falco-falcoctl'),
      configMap('falco-yaml', 'falco'),
    ],
  },
};

/** The same with `driver.kind: modern_ebpf` and `driver.modernEbpf.leastPrivileged: true`. */
export const CHART_LEAST_PRIVILEGED = {
  annotations: { 'container.apparmor.security.beta.kubernetes.io/falco': 'unconfined' },
  spec: {
    containers: [
      { name: 'falco', image: 'docker.io/falcosecurity/falco:0.44.1', securityContext: { capabilities: { add: ['BPF', 'SYS_RESOURCE', 'PERFMON', 'SYS_PTRACE'] } } },
      FALCOCTL_FOLLOW,
    ],
    // The driver loader is off for modern_ebpf (driverLoader.enabled).
    initContainers: [FALCOCTL_INSTALL],
    volumes: [
      ...ENGINE_SOCKETS,
      emptyDir('plugins-install-dir'),
      emptyDir('rulesfiles-install-dir'),
      emptyDir('artifact-state-dir'),
      emptyDir('root-falco-fs'),
      // Mounted whenever driver.enabled, whatever the driver.
      hostPath('boot-fs', '/boot'),
      hostPath('lib-modules', '/lib/modules'),
      hostPath('usr-fs', '/usr'),
      hostPath('etc-fs', '/etc'),
      hostPath('sys-fs', '/sys/kernel'),
      hostPath('proc-fs', '/proc'),
      configMap('falcoctl-config-volume', 'falco-falcoctl'),
      configMap('falco-yaml', 'falco'),
    ],
  },
};
