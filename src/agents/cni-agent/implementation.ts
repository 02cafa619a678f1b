/*
 * Design: a CNI is a description, the agent is its one renderer.
 *
 * Every CNI needs the same kinds of things on a node (an agent in the node's network namespace,
 * init containers in an order only the CNI knows, plugin binaries and a configuration list
 * installed into the runtime's directories, node paths, capabilities, ports, probes, API
 * permissions), and differs only in which. So a CNI is data, a CniDescription (description.ts),
 * and CniAgentDaemonSet renders any description the same way: one place decides how an init
 * container is secured, how a host path is mounted and justified, how a binary is copied without
 * being hidden by its own mount. A fix there reaches every CNI; a CNI cannot forget one.
 *
 * The reasons for privileges are part of the description because only the CNI knows them:
 * flannel's describe flannel, and a custom CNI must give its own, so the privilege report never
 * shows one CNI's reason for another's privilege.
 *
 * A description is checked by the factory that builds it, against the options its user wrote,
 * so every message names the property as written (`implementation.healthPort`, not the port
 * the description derived from it); the agent checks only what involves its own props
 * (privileged, capabilities, access for a kubeconfig), and the output validator checks every
 * object at synth.
 *
 * Adding a CNI takes a folder of its own (flannel/ is the pattern: options, defaults, versions,
 * and a `describeX(options): CniDescription`), a factory below that wraps it, and an export line
 * in index.ts. Variants are static factories of one class, not subclasses, because jsii has no
 * unions and a class lets the agent keep the description internal.
 */
import { CniConfig } from './cni-config';
import { CUSTOM_CNI_PROPS_SCHEMA, CustomCniProps, describeCustom } from './custom';
import { CniDescription } from './description';
import { checkCall, optionsProblems } from '../agent-guards';
import { describeCalico } from './calico/calico-node';
import { CALICO_OPTIONS_SCHEMA, CalicoOptions } from './calico/options';
import { describeCilium } from './cilium/agent';
import { CILIUM_OPTIONS_SCHEMA, CiliumOptions } from './cilium/options';
import { describeFlannel, FLANNEL_OPTIONS_SCHEMA, FlannelOptions } from './flannel/flannel';

/**
 * The network agent a CniAgentDaemonSet runs: flannel (the default), or any CNI described
 * through `custom`.
 *
 * @example
 * CniImplementation.flannel({ podCidr: '10.42.0.0/16', backend: FlannelBackend.HOST_GW })
 */
export class CniImplementation {
  /**
   * flannel with the Kubernetes subnet manager (`--kube-subnet-mgr`): it takes each node's
   * pod subnet from `spec.podCIDR` and keeps its lease in Node annotations, so it needs no etcd.
   */
  public static flannel(options: FlannelOptions = {}): CniImplementation {
    checkCall('CniImplementation.flannel', optionsProblems(options, 'options', FLANNEL_OPTIONS_SCHEMA, 'FlannelOptions'));
    return new CniImplementation(describeFlannel(options));
  }

  /**
   * Cilium, as its chart installs it: cilium-agent with the chart's init containers, capabilities
   * and probes, and beside it the cilium-config ConfigMap, the operator (which registers Cilium's
   * CRDs; the agent waits for them) and their RBAC, all in the agent's sync wave. Envoy runs
   * embedded in the agent rather than as the chart's cilium-envoy DaemonSet.
   */
  public static cilium(options: CiliumOptions = {}): CniImplementation {
    checkCall('CniImplementation.cilium', optionsProblems(options, 'options', CILIUM_OPTIONS_SCHEMA, 'CiliumOptions'));
    return new CniImplementation(describeCilium(options));
  }

  /**
   * Calico, as manifests/calico.yaml installs it (Kubernetes API datastore): calico-node with
   * upstream's init containers (upgrade-ipam, install-cni, ebpf-bootstrap), mounts, Felix's
   * probes (and BIRD's, with BGP), privileged as upstream runs it, each privilege's reason; beside
   * it the CNI plugin's ServiceAccount and RBAC, Calico's CRDs one sync wave before the agent and
   * calico-kube-controllers one after.
   */
  public static calico(options: CalicoOptions = {}): CniImplementation {
    checkCall('CniImplementation.calico', optionsProblems(options, 'options', CALICO_OPTIONS_SCHEMA, 'CalicoOptions'));
    return new CniImplementation(describeCalico(options));
  }

  /** Any other network agent, described with every container, path, privilege and reason it needs. */
  public static custom(props: CustomCniProps): CniImplementation {
    checkCall('CniImplementation.custom', optionsProblems(props, 'props', CUSTOM_CNI_PROPS_SCHEMA, 'CustomCniProps', true));
    return new CniImplementation(describeCustom(props));
  }

  private constructor(private readonly description: CniDescription) {}

  /** The application name and the agent container's name. */
  public get name(): string {
    return this.description.name;
  }

  /** The version label. */
  public get version(): string {
    return this.description.version;
  }

  /** The agent image. */
  public get image(): string {
    return this.description.image;
  }

  /** The CNI configuration list installed on each node. */
  public get cniConfig(): CniConfig {
    return this.description.cniConfig;
  }

  /** @internal What the agent renders. */
  public get _description(): CniDescription {
    return this.description;
  }
}
