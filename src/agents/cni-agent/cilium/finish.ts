/**
 * What cilium-agent needs beyond what a CniDescription says, added by the agent's `extend` hook
 * once the DaemonSet exists, each as the Cilium 1.20.0 chart renders it
 * (templates/cilium-agent/daemonset.yaml): the objects beside the agent (CiliumControlPlane), the
 * pod label Cilium's tools select on, the emptyDir the config init container hands the agent its
 * configuration through, Hubble's certificate, clean-cilium-state's switches from cilium-config,
 * and the fields cdk8s-plus-28 cannot write (SELinux type, pod AppArmor and seccomp profiles,
 * lifecycle hooks, termination message policy), through NodeAgent's typed overrides (a JSON patch
 * would run before cdk8s-plus's generated mapper, which drops what it does not know).
 */
import { ConfigMap, EnvValue, Secret, Volume } from 'cdk8s-plus-28';
import { TerminationMessagePolicy } from '../../../base/container-overrides';
import { mirroredImage } from '../../../base/image-source';
import { Privilege } from '../../../base/privileges';
import type { CniAgentParts, CniExtendProps } from '../description';
import { CILIUM_CONFIG_NAME } from './config-map';
import { CiliumControlPlane } from './control-plane';
import { INIT_CONTAINERS } from './init-containers';
import { ResolvedCilium } from './options';

/** The label the chart selects agent pods by, which the cilium CLI and Hubble Relay look for. */
export const AGENT_POD_LABEL = { 'k8s-app': 'cilium' };

// spc_t, the super-privileged container type, on every container that is neither privileged
// (which gets it anyway) nor config (which the chart leaves confined): without it SELinux
// confines them as container_t, which may not load BPF or mount (values.yaml securityContext.seLinuxOptions).
const SPC_T = { level: 's0', type: 'spc_t' };
const SPC_T_INIT = ['mount-cgroup', 'apply-sysctl-overwrites', 'clean-cilium-state', 'install-cni-binaries'];

// The containers the chart runs without AppArmor, by the annotation it renders for Kubernetes
// before 1.30 (the appArmorProfile field is unknown to cdk8s-plus-28's API, which drops it).
const APPARMOR_UNCONFINED = ['cilium-agent', 'clean-cilium-state', 'mount-cgroup', 'apply-sysctl-overwrites'];

// The AWS VPC CNI leaves chains that would masquerade or mark Cilium's traffic after a migration.
const REMOVE_AWS_CHAINS = [
  'set -o errexit', 'set -o pipefail', 'set -o nounset', '',
  'if [[ "$(iptables-save | grep -E -c \'AWS-SNAT-CHAIN|AWS-CONNMARK-CHAIN\')" != "0" ]];', 'then',
  '    echo \'Deleting iptables rules created by the AWS CNI VPC plugin\'',
  '    iptables-save | grep -E -v \'AWS-SNAT-CHAIN|AWS-CONNMARK-CHAIN\' | iptables-restore', 'fi', 'echo \'Done!\'', '',
].join('\n');

export function finishCilium(agent: CniAgentParts, props: CniExtendProps, cilium: ResolvedCilium): void {
  const ds = agent.daemonSet;
  const main = agent.container;
  const init = (name: string) => ds.initContainers.find(c => c.name === name)!;

  ds.podMetadata.addLabel('k8s-app', AGENT_POD_LABEL['k8s-app']);
  ds.podMetadata.addAnnotation('kubectl.kubernetes.io/default-container', main.name);

  const tmp = Volume.fromEmptyDir(agent, 'CiliumTmp', 'tmp');
  init('config').mount('/tmp', tmp);
  main.mount('/tmp', tmp);

  if (cilium.hubble) {
    // Optional, as in the chart: the listener on 4244 starts once the Secret exists (the user's, e.g. from cert-manager).
    const certs = Secret.fromSecretName(agent, 'HubbleServerCerts', 'hubble-server-certs');
    const tls = Volume.fromSecret(agent, 'HubbleTls', certs, {
      name: 'hubble-tls',
      optional: true,
      defaultMode: 0o400,
      items: { 'tls.crt': { path: 'server.crt' }, 'tls.key': { path: 'server.key' }, 'ca.crt': { path: 'client-ca.crt' } },
    });
    main.mount('/var/lib/cilium/tls/hubble', tls, { readOnly: true });
  }

  const config = ConfigMap.fromConfigMapName(agent, 'CiliumConfigRef', CILIUM_CONFIG_NAME);
  const clean = init('clean-cilium-state');
  for (const [name, key] of [['CILIUM_ALL_STATE', 'clean-cilium-state'], ['CILIUM_BPF_STATE', 'clean-cilium-bpf-state'], ['WRITE_CNI_CONF_WHEN_READY', 'write-cni-conf-when-ready']]) {
    clean.env.addVariable(name, EnvValue.fromConfigMap(config, key, { optional: true }));
  }

  ds.overrideContainer(main, {
    seLinux: SPC_T,
    terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR,
    postStartCommand: ['bash', '-c', REMOVE_AWS_CHAINS],
    // The chart's pre-stop hook: the agent image's own script.
    preStopCommand: ['/cni-uninstall.sh'],
  });
  for (const name of INIT_CONTAINERS) {
    ds.overrideContainer(init(name), {
      terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR,
      seLinux: SPC_T_INIT.includes(name) ? SPC_T : undefined,
    });
  }

  for (const name of APPARMOR_UNCONFINED) {
    ds.podMetadata.addAnnotation(`container.apparmor.security.beta.kubernetes.io/${name}`, 'unconfined');
    ds.justify(Privilege.appArmorUnconfined(name), 'The runtime\'s default AppArmor profile forbids mounting and writing /proc/sys, which this container does (cgroup2, sysctls, BPF state); the chart runs it unconfined (values.yaml podSecurityContext.appArmorProfile, 1.20.0).');
  }
  ds.justify(Privilege.POD_SECCOMP_UNCONFINED, 'The chart runs the pod without a seccomp filter (values.yaml podSecurityContext.seccompProfile, 1.20.0): the agent loads BPF programs, enters namespaces and mounts, syscalls a default profile blocks or allows only by capability.');
  for (const name of [main.name, ...SPC_T_INIT]) {
    ds.justify(Privilege.seLinux(name), 'SELinux type spc_t, as the chart sets it in place of privileged mode (values.yaml securityContext.seLinuxOptions, 1.20.0): under container_t the container could not load BPF programs, mount or write the node\'s sysctls on SELinux nodes.');
  }

  const registry = ds.imageRegistry;
  new CiliumControlPlane(agent, 'Cilium', {
    namespace: agent.namespace,
    agentServiceAccount: agent.serviceAccount.name,
    agentSelector: AGENT_POD_LABEL,
    operatorImage: registry === undefined ? cilium.version.operatorImage : mirroredImage(cilium.version.operatorImage, registry),
    imagePullSecrets: [...(props.imagePullSecrets ?? [])],
    cilium,
    labels: { ...ds.labels },
  });
}
