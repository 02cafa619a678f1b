import { PodSecurityLevel, podSecurityLevel, podSecurityViolations, templateViolations } from '../../src/audit/pod-security';

const restrictedContainer = {
  name: 'app',
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
};
const restrictedPod = { containers: [restrictedContainer] };

function withContainer(securityContext: any, extra: any = {}) {
  return { ...extra, containers: [{ name: 'app', ...extra.container, securityContext: { ...restrictedContainer.securityContext, ...securityContext } }] };
}

describe('Pod Security Standards', () => {
  test('a hardened pod is restricted', () => {
    expect(podSecurityViolations(restrictedPod)).toEqual([]);
    expect(podSecurityLevel(podSecurityViolations(restrictedPod))).toBe(PodSecurityLevel.RESTRICTED);
  });

  test.each<[string, any, string, string, PodSecurityLevel]>([
    ['hostNetwork', { ...restrictedPod, hostNetwork: true }, 'Host Namespaces', 'hostNetwork', PodSecurityLevel.PRIVILEGED],
    ['hostPID', { ...restrictedPod, hostPID: true }, 'Host Namespaces', 'hostPID', PodSecurityLevel.PRIVILEGED],
    ['hostIPC', { ...restrictedPod, hostIPC: true }, 'Host Namespaces', 'hostIPC', PodSecurityLevel.PRIVILEGED],
    ['privileged', withContainer({ privileged: true }), 'Privileged Containers', 'privileged.app', PodSecurityLevel.PRIVILEGED],
    ['NET_ADMIN', withContainer({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }), 'Capabilities', 'capability.NET_ADMIN', PodSecurityLevel.PRIVILEGED],
    ['a hostPath', { ...restrictedPod, volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] }, 'HostPath Volumes', 'hostPath.logs', PodSecurityLevel.PRIVILEGED],
    ['a hostPort', { containers: [{ ...restrictedContainer, ports: [{ containerPort: 9100, hostPort: 9100 }] }] }, 'Host Ports', 'hostPort.9100', PodSecurityLevel.PRIVILEGED],
    ['Unconfined seccomp', withContainer({ seccompProfile: { type: 'Unconfined' } }), 'Seccomp', 'seccompUnconfined.app', PodSecurityLevel.PRIVILEGED],
    ['an unsafe sysctl', { ...restrictedPod, securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } }, 'Sysctls', 'sysctl.net.core.somaxconn', PodSecurityLevel.PRIVILEGED],
    ['Unmasked procMount', withContainer({ procMount: 'Unmasked' }), '/proc Mount Type', 'procMount.app', PodSecurityLevel.PRIVILEGED],
    ['spc_t SELinux', withContainer({ seLinuxOptions: { type: 'spc_t' } }), 'SELinux', 'seLinux.app', PodSecurityLevel.PRIVILEGED],
    ['Unconfined AppArmor', withContainer({ appArmorProfile: { type: 'Unconfined' } }), 'AppArmor', 'appArmor.app', PodSecurityLevel.PRIVILEGED],
    ['hostProcess', { ...restrictedPod, securityContext: { windowsOptions: { hostProcess: true } } }, 'HostProcess', 'hostProcess', PodSecurityLevel.PRIVILEGED],
    ['running as root', withContainer({ runAsNonRoot: false }), 'Running as Non-root', 'runAsRoot.app', PodSecurityLevel.BASELINE],
    ['user 0', withContainer({ runAsUser: 0 }), 'Running as Non-root', 'runAsRoot.app', PodSecurityLevel.BASELINE],
    ['escalation allowed', withContainer({ allowPrivilegeEscalation: true }), 'Privilege Escalation', 'privilegeEscalation.app', PodSecurityLevel.BASELINE],
    ['no seccomp profile', withContainer({ seccompProfile: undefined }), 'Seccomp', 'seccompUnset.app', PodSecurityLevel.BASELINE],
    ['capabilities not dropped', withContainer({ capabilities: {} }), 'Capabilities', 'capabilitiesNotDropped.app', PodSecurityLevel.BASELINE],
    ['CHOWN added', withContainer({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } }), 'Capabilities', 'capability.CHOWN', PodSecurityLevel.BASELINE],
    ['a non-core volume', { ...restrictedPod, volumes: [{ name: 'nfs', nfs: { server: 'x', path: '/' } }] }, 'Volume Types', 'volume.nfs', PodSecurityLevel.BASELINE],
  ])('%s', (_name, pod, control, privilege, level) => {
    const violations = podSecurityViolations(pod);
    expect(violations).toEqual([expect.objectContaining({ control, privilege })]);
    expect(podSecurityLevel(violations)).toBe(level);
  });

  test('pod-level runAsNonRoot and seccomp cover every container', () => {
    const pod = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    };
    expect(podSecurityViolations(pod)).toEqual([]);
  });

  test('NET_BIND_SERVICE is allowed at restricted', () => {
    expect(podSecurityViolations(withContainer({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }))).toEqual([]);
  });

  test('the AppArmor annotation form counts', () => {
    const violations = podSecurityViolations(restrictedPod, { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' });
    expect(violations.map(v => v.privilege)).toEqual(['appArmor.app']);
  });

  test('init containers are checked too, with their own field path', () => {
    const pod = { ...restrictedPod, initContainers: [{ name: 'init', securityContext: { ...restrictedContainer.securityContext, privileged: true } }] };
    expect(podSecurityViolations(pod)).toEqual([
      { control: 'Privileged Containers', field: 'spec.initContainers[0].securityContext.privileged', level: PodSecurityLevel.BASELINE, privilege: 'privileged.init' },
    ]);
  });
});

describe('templateViolations', () => {
  const template = () => ({ metadata: { annotations: {} }, spec: { hostNetwork: true, containers: [{ name: 'a', securityContext: { privileged: true } }] } });

  test('are the violations of its spec and annotations, worked out once per template object', () => {
    const t = template();
    const first = templateViolations(t);
    expect(first).toEqual(podSecurityViolations(t.spec, t.metadata.annotations));
    expect(templateViolations(t)).toBe(first);
    expect(templateViolations(template())).not.toBe(first);
    expect(templateViolations(template())).toEqual(first);
  });

  test('a template without a spec or annotations has no violations', () => {
    expect(templateViolations({})).toEqual([]);
  });
});
