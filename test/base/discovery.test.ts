import { Service } from 'cdk8s-plus-28';
import { agent, agentContainer } from './fixtures';
import { ScrapeScheme, ServiceMode } from '../../src';
import { newChart, only, synth } from '../support/manifests';

describe('NodeAgent.exposeViaService', () => {
  test('headless by default, selecting the stable labels, named after the instance', () => {
    const chart = newChart('test', 'monitoring');
    const a = agent(chart, { name: 'exporter', containers: [agentContainer({ ports: [{ number: 9100, name: 'metrics' }] })] });
    a.exposeViaService({ ports: [{ port: 9100, name: 'metrics' }] });
    const service = only(synth(chart), 'Service');
    expect(service.metadata.name).toBe('exporter');
    expect(service.metadata.namespace).toBe('monitoring');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.internalTrafficPolicy).toBeUndefined();
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'exporter', 'app.kubernetes.io/instance': 'exporter' });
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9100 }]);
  });

  test('node-local: a ClusterIP Service with internalTrafficPolicy Local (not in cdk8s-plus-28)', () => {
    const chart = newChart();
    const a = agent(chart);
    a.exposeViaService({ mode: ServiceMode.NODE_LOCAL, name: 'agent-local', ports: [{ port: 4318, name: 'otlp' }] });
    const service = only(synth(chart), 'Service');
    expect(service.spec.internalTrafficPolicy).toBe('Local');
    expect(service.spec.clusterIP).toBeUndefined();
    expect(service.spec.type).toBe('ClusterIP');
  });

  test('scrape annotations', () => {
    const chart = newChart();
    agent(chart).exposeViaService({ ports: [{ port: 2020, name: 'http' }], scrape: { port: 2020, path: '/api/v2/metrics/prometheus', scheme: ScrapeScheme.HTTP } });
    expect(only(synth(chart), 'Service').metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true', 'prometheus.io/port': '2020', 'prometheus.io/path': '/api/v2/metrics/prometheus', 'prometheus.io/scheme': 'http',
    });
  });

  test('a plain cdk8s-plus Service selecting the agent uses the stable labels too', () => {
    const chart = newChart();
    const a = agent(chart);
    new Service(chart, 'plain', { selector: a, ports: [{ port: 80 }] });
    expect(only(synth(chart), 'Service').spec.selector).toEqual({ 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' });
  });

  describe('rejects', () => {
    const expose = (options: any) => () => agent(newChart()).exposeViaService(options);
    test('rejects a Service name that is not a DNS-1035 label', () => {
      expect(expose({ name: '1-agent', ports: [{ port: 80 }] })).toThrow(/test\/agent: invalid service name: "1-agent"\. Use at most 63 lowercase letters, digits and "-", starting with a letter/);
    });
    test('rejects no ports', () => {
      expect(expose({ ports: [] })).toThrow(/invalid service ports: \[\]\. Give at least one port/);
    });
    test('rejects a port out of range', () => {
      expect(expose({ ports: [{ port: 70000 }] })).toThrow(/invalid service ports\[0\]\.port: 70000\. Use an integer port from 1 to 65535/);
    });
    test('rejects an unnamed port among several', () => {
      expect(expose({ ports: [{ port: 80, name: 'http' }, { port: 81 }] })).toThrow(/invalid service ports\[1\]\.name: undefined\. A Service with several ports needs a name on each/);
    });
    test('rejects a port name that is not an IANA service name', () => {
      expect(expose({ ports: [{ port: 80, name: 'http_metrics' }] })).toThrow(/invalid service ports\[0\]\.name: "http_metrics"\. Use at most 15 lowercase letters/);
    });
  });
});
