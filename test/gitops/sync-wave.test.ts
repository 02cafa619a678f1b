import { App, Chart, Testing } from 'cdk8s';
import { SyncWave } from '../../src';
import { agent } from '../base/fixtures';
import { synth } from '../support/manifests';

describe('SyncWave', () => {
  test('annotates every object under the scope, including ones added after the call', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'ns' });
    const a = agent(chart);
    SyncWave.NETWORK.applyTo(chart);
    a.exposeViaService({ ports: [{ port: 80, name: 'http' }] });
    const objs = synth(chart);
    expect(objs.map(o => o.kind).sort()).toEqual(['DaemonSet', 'Service', 'ServiceAccount']);
    for (const o of objs) expect(o.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-10');
  });

  test.each([
    ['NETWORK', SyncWave.NETWORK, '-10'],
    ['STORAGE', SyncWave.STORAGE, '-5'],
    ['SECURITY', SyncWave.SECURITY, '-3'],
    ['OBSERVABILITY', SyncWave.OBSERVABILITY, '0'],
    ['of(7)', SyncWave.of(7), '7'],
  ])('%s is wave %s', (_name, wave, expected) => {
    const chart = new Chart(Testing.app(), 'test');
    agent(chart);
    wave.applyTo(chart);
    expect(synth(chart)[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(expected);
  });

  test('NONE writes no annotation', () => {
    const chart = new Chart(Testing.app(), 'test');
    agent(chart);
    SyncWave.NONE.applyTo(chart);
    expect(synth(chart)[0].metadata.annotations).toBeUndefined();
  });

  test('disableIn() switches waves off for the whole app', () => {
    const app = new App();
    SyncWave.disableIn(app);
    const chart = new Chart(app, 'test');
    agent(chart);
    SyncWave.NETWORK.applyTo(chart);
    expect(synth(chart)[0].metadata.annotations).toBeUndefined();
  });

  test('rejects a fractional wave', () => {
    expect(() => SyncWave.of(1.5).applyTo(new Chart(Testing.app(), 'test'))).toThrow(/test: invalid syncWave: 1\.5\. Argo CD sync waves are whole numbers/);
  });
});
