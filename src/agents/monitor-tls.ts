/**
 * How Prometheus verifies an agent's HTTPS metrics endpoint: the ServiceMonitor's or PodMonitor's
 * `tlsConfig`, with its certificates taken from Secrets (prometheus-operator's SafeTLSConfig, which
 * both monitors accept).
 */
import { SecretValue } from 'cdk8s-plus-28';
import { isSecretValue } from './agent-guards';
import { Problem } from '../base/errors';
import { dnsSubdomainProblems } from '../base/names';
import { isBoolean, isString, optional, Schema, struct } from '../validation/guards';

/**
 * TLS settings for scraping an agent over HTTPS. Every Secret must be in the agent's namespace:
 * prometheus-operator reads them from the monitor's own namespace.
 *
 * @example
 * { caSecret: { secret: Secret.fromSecretName(this, 'Ca', 'metrics-ca'), key: 'ca.crt' }, serverName: 'node-exporter' }
 */
export interface MonitorTlsConfig {
  /**
   * The CA certificate that signed the agent's serving certificate.
   * @default - the CAs Prometheus trusts by default
   */
  readonly caSecret?: SecretValue;
  /**
   * A client certificate Prometheus presents (with `keySecret`), for agents that require one.
   * @default - none
   */
  readonly certSecret?: SecretValue;
  /**
   * The client certificate's private key.
   * @default - none
   */
  readonly keySecret?: SecretValue;
  /**
   * The name the serving certificate must carry (scrape targets are IPs, which certificates rarely name).
   * @default - the target's address
   */
  readonly serverName?: string;
  /**
   * Accept any serving certificate. Only for agents whose certificate is self-signed and
   * regenerated at each start (kube-rbac-proxy without `tlsSecretName`): the traffic is
   * encrypted, but the agent is not authenticated.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/** The runtime shape of MonitorTlsConfig. */
export const MONITOR_TLS_CONFIG_SCHEMA: Schema<MonitorTlsConfig> = {
  caSecret: optional(isSecretValue),
  certSecret: optional(isSecretValue),
  keySecret: optional(isSecretValue),
  serverName: optional(isString),
  insecureSkipVerify: optional(isBoolean),
};

/** MonitorTlsConfig, as a guard for the options schemas. */
export const isMonitorTlsConfig = struct(MONITOR_TLS_CONFIG_SCHEMA, 'MonitorTlsConfig');

/** Combinations Prometheus refuses or that cannot work. */
export function monitorTlsProblems(property: string, tls: MonitorTlsConfig): Problem[] {
  const problems: Problem[] = [];
  if ((tls.certSecret === undefined) !== (tls.keySecret === undefined)) {
    const missing = tls.certSecret === undefined ? 'certSecret' : 'keySecret';
    problems.push({ property: `${property}.${missing}`, value: undefined, expected: 'A client certificate needs its key and the key its certificate: give certSecret and keySecret together.' });
  }
  if (tls.insecureSkipVerify && tls.caSecret !== undefined) {
    problems.push({ property: `${property}.insecureSkipVerify`, value: true, expected: 'Skipping verification ignores caSecret: drop insecureSkipVerify to verify against the CA, or drop caSecret.' });
  }
  if (tls.serverName !== undefined) problems.push(...dnsSubdomainProblems(`${property}.serverName`, tls.serverName));
  return problems;
}

function secretKey(value: SecretValue | undefined): { name: string; key: string } | undefined {
  return value ? { name: value.secret.name, key: value.key } : undefined;
}

/** The settings as prometheus-operator's SafeTLSConfig. */
export function monitorTlsJson(tls: MonitorTlsConfig): Record<string, unknown> {
  const ca = secretKey(tls.caSecret);
  const cert = secretKey(tls.certSecret);
  return {
    ca: ca ? { secret: ca } : undefined,
    cert: cert ? { secret: cert } : undefined,
    keySecret: secretKey(tls.keySecret),
    serverName: tls.serverName,
    insecureSkipVerify: tls.insecureSkipVerify,
  };
}
