import { EnvFieldPaths, EnvValue } from 'cdk8s-plus-28';

/**
 * Environment values from the downward API: how an agent learns which node it serves without
 * calling the API server (and so without RBAC).
 */
export class DownwardApi {
  /** The node's name (`spec.nodeName`); what agents use to filter their own node's pods. */
  public static nodeName(): EnvValue {
    return EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME);
  }
  /** The node's primary IP (`status.hostIP`). */
  public static hostIp(): EnvValue {
    return EnvValue.fromFieldRef(EnvFieldPaths.NODE_IP);
  }
  /** The pod's name (`metadata.name`). */
  public static podName(): EnvValue {
    return EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME);
  }
  /** The pod's namespace (`metadata.namespace`). */
  public static podNamespace(): EnvValue {
    return EnvValue.fromFieldRef(EnvFieldPaths.POD_NAMESPACE);
  }
  /** The pod's IP (`status.podIP`). */
  public static podIp(): EnvValue {
    return EnvValue.fromFieldRef(EnvFieldPaths.POD_IP);
  }

  private constructor() {}
}
