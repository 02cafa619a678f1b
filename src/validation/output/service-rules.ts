/**
 * A Service as the API server admits it: ValidateService and validateServicePort
 * (pkg/apis/core/validation/validation.go, v1.28 as v1.20) after the v1 defaults
 * (SetDefaults_Service: type ClusterIP, protocol TCP, targetPort = port, sessionAffinity None),
 * plus the checks the Service REST storage makes on create (externalTrafficPolicy and
 * healthCheckNodePort only where they apply: pkg/registry/core/service/storage/rest.go).
 */
import {
  boolProblems, enumProblems, intOrPortNameProblems, intProblems, isIp, isJson, Json, labelsProblems, listAt, nameProblems, objectAt, portProblems,
  stringAt,
} from './field-rules';
import { Problem } from '../../base/errors';
import { dnsLabelProblems, qualifiedNameProblems } from '../../base/names';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const KUBELET_PORT = 10250;

/** Whether an address is one validateNonSpecialIP refuses: unspecified, loopback or link-local. */
function isSpecialIp(ip: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip.replace(/^::ffff:/i, ''));
  if (v4) {
    const [a, b, c] = v4.slice(1).map(Number);
    return (a === 0 && b === 0 && c === 0 && Number(v4[4]) === 0) || a === 127 || (a === 169 && b === 254) || (a === 224 && b === 0 && c === 0);
  }
  const lower = ip.toLowerCase();
  return lower === '::' || lower === '::1' || /^fe[89ab][0-9a-f]:/.test(lower) || /^ff02:/.test(lower) || /^0*:0*:0*:0*:0*:0*:0*:0*$/.test(lower);
}

/** An IP network "address/prefix" (net.ParseCIDR). */
function isCidr(s: string): boolean {
  const [ip, prefix, ...rest] = s.trim().split('/');
  if (rest.length > 0 || prefix === undefined || !/^[0-9]+$/.test(prefix) || !isIp(ip)) return false;
  return Number(prefix) <= (ip.includes(':') ? 128 : 32);
}

function portsProblems(spec: Json, type: string, headless: boolean): Problem[] {
  const problems: Problem[] = [];
  const ports = listAt(spec.ports, 'spec.ports', problems);
  if (ports.length === 0 && !headless && type !== 'ExternalName') problems.push({ property: 'spec.ports', value: spec.ports, expected: 'A Service that is not headless needs at least one port.' });
  const names = new Set<string>();
  const pairs = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((raw, i) => {
    const f = `spec.ports[${i}]`;
    const p = objectAt(raw, f, problems);
    if (!p) return;
    const protocol = p.protocol === undefined || p.protocol === '' ? 'TCP' : p.protocol;
    // validateServicePort: the name is a DNS-1123 label, required once there are several ports.
    const name = stringAt(p.name, `${f}.name`, problems) ?? '';
    if (name === '' && ports.length > 1) problems.push({ property: `${f}.name`, value: p.name, expected: 'A Service with several ports needs a name on each.' });
    if (name !== '') {
      problems.push(...dnsLabelProblems(`${f}.name`, name));
      if (names.has(name)) problems.push({ property: `${f}.name`, value: name, expected: 'Each port of a Service needs a name of its own.' });
      names.add(name);
    }
    problems.push(...portProblems(`${f}.port`, p.port));
    if (type === 'LoadBalancer' && p.port === KUBELET_PORT) problems.push({ property: `${f}.port`, value: p.port, expected: `A LoadBalancer may not expose port ${KUBELET_PORT}, the kubelet's.` });
    problems.push(...enumProblems(`${f}.protocol`, protocol, ['TCP', 'UDP', 'SCTP']));
    // 0 and "" stand for unset: the server defaults targetPort to port.
    if (p.targetPort !== undefined && p.targetPort !== null && p.targetPort !== 0 && p.targetPort !== '') problems.push(...intOrPortNameProblems(`${f}.targetPort`, p.targetPort));
    if (p.appProtocol !== undefined && p.appProtocol !== null) {
      const appProtocol = stringAt(p.appProtocol, `${f}.appProtocol`, problems);
      if (appProtocol !== undefined) problems.push(...qualifiedNameProblems(`${f}.appProtocol`, appProtocol));
    }
    if (p.nodePort !== undefined && p.nodePort !== null && p.nodePort !== 0) {
      if (type === 'ClusterIP') problems.push({ property: `${f}.nodePort`, value: p.nodePort, expected: 'A ClusterIP Service has no node ports: drop nodePort or use type NodePort.' });
      const key = `${String(p.nodePort)}/${String(protocol)}`;
      if (nodePorts.has(key)) problems.push({ property: `${f}.nodePort`, value: p.nodePort, expected: 'Each node port may be used once per protocol.' });
      nodePorts.add(key);
    }
    const pair = `${String(p.port)}/${String(protocol)}`;
    if (pairs.has(pair)) problems.push({ property: `${f}.port`, value: p.port, expected: 'A Service may list a port once per protocol.' });
    pairs.add(pair);
  });
  return problems;
}

/** Problems with a Service's spec. */
export function serviceProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems) ?? {};
  const type = spec.type === undefined || spec.type === null || spec.type === '' ? 'ClusterIP' : spec.type;
  problems.push(...enumProblems('spec.type', type, TYPES));
  const clusterIP = stringAt(spec.clusterIP, 'spec.clusterIP', problems) ?? '';
  const headless = clusterIP === 'None';
  problems.push(...portsProblems(spec, String(type), headless));
  if (type === 'ExternalName') {
    if (clusterIP !== '') problems.push({ property: 'spec.clusterIP', value: clusterIP, expected: 'An ExternalName Service has no cluster IP.' });
    const cname = (stringAt(spec.externalName, 'spec.externalName', problems) ?? '').replace(/\.$/, '');
    if (cname === '') problems.push({ property: 'spec.externalName', value: spec.externalName, expected: 'An ExternalName Service needs externalName, a DNS name.' });
    else problems.push(...nameProblems('spec.externalName', cname, 'subdomain'));
  } else if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    problems.push({ property: 'spec.clusterIP', value: clusterIP, expected: `A ${String(type)} Service cannot be headless (clusterIP None).` });
  } else if (clusterIP !== '' && !headless && !isIp(clusterIP)) {
    problems.push({ property: 'spec.clusterIP', value: clusterIP, expected: 'Use an IP address, "None" (headless) or leave clusterIP unset.' });
  }
  if (spec.selector !== undefined) problems.push(...labelsProblems('spec.selector', spec.selector));
  const affinity = spec.sessionAffinity === undefined || spec.sessionAffinity === '' ? 'None' : spec.sessionAffinity;
  problems.push(...enumProblems('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  // validateClientIPAffinityConfig, after the defaults fill in an unset timeout (10800 s).
  const timeout = affinity === 'ClientIP' && isJson(spec.sessionAffinityConfig) && isJson(spec.sessionAffinityConfig.clientIP) ? spec.sessionAffinityConfig.clientIP.timeoutSeconds : undefined;
  if (timeout !== undefined && timeout !== null) problems.push(...intProblems('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 1, 86400));
  listAt(spec.externalIPs, 'spec.externalIPs', problems).forEach((raw, i) => {
    const ip = stringAt(raw, `spec.externalIPs[${i}]`, problems);
    if (ip === undefined || !isIp(ip) || isSpecialIp(ip)) problems.push({ property: `spec.externalIPs[${i}]`, value: raw, expected: 'Use an IP address that is not unspecified, loopback or link-local.' });
  });
  const ranges = listAt(spec.loadBalancerSourceRanges, 'spec.loadBalancerSourceRanges', problems);
  if (ranges.length > 0 && type !== 'LoadBalancer') problems.push({ property: 'spec.loadBalancerSourceRanges', value: ranges, expected: 'loadBalancerSourceRanges applies only to type LoadBalancer.' });
  ranges.forEach((r, i) => {
    if (typeof r !== 'string' || !isCidr(r)) problems.push({ property: `spec.loadBalancerSourceRanges[${i}]`, value: r, expected: 'Use an IP range such as "10.0.0.0/8".' });
  });
  const external = spec.externalTrafficPolicy;
  if (external !== undefined && external !== null && external !== '') {
    problems.push(...enumProblems('spec.externalTrafficPolicy', external, ['Cluster', 'Local']));
    if (type !== 'NodePort' && type !== 'LoadBalancer') problems.push({ property: 'spec.externalTrafficPolicy', value: external, expected: 'externalTrafficPolicy applies only to types NodePort and LoadBalancer.' });
  }
  if (spec.healthCheckNodePort !== undefined && spec.healthCheckNodePort !== null && spec.healthCheckNodePort !== 0) {
    if (type !== 'LoadBalancer' || external !== 'Local') problems.push({ property: 'spec.healthCheckNodePort', value: spec.healthCheckNodePort, expected: 'healthCheckNodePort applies only to type LoadBalancer with externalTrafficPolicy Local.' });
    // Only a negative value is refused (validateServiceExternalTrafficFieldsValue).
    else problems.push(...intProblems('spec.healthCheckNodePort', spec.healthCheckNodePort, 0));
  }
  problems.push(...boolProblems('spec.publishNotReadyAddresses', spec.publishNotReadyAddresses));
  problems.push(...enumProblems('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  return problems;
}
