/**
 * No-silent-drops tables for Calico: every option of CalicoOptions and every prop of the two
 * constructs of its install set to a recognisable value, looked up where Calico reads it
 * (calico-node's env, its probes, install-cni's configuration list, the objects beside it).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DropTable } from './drops';
import {
  CalicoCrds, CalicoCustomResourceDefinitions, CalicoDatastore, CalicoEncapsulation, CalicoIpAutodetection, CalicoKubeControllers, CalicoVersion,
  CniAgentDaemonSet, CniImplementation, SyncWave,
} from '../../src';
import { Manifest, newChart, synth } from '../support/manifests';

/** A one-CRD file, as a release other than the bundled one would come. */
function crdFile(name: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drops-calico-')), 'crds.yaml');
  fs.writeFileSync(file, [
    'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', `metadata: {name: ${name}}`,
    'spec: {group: crd.projectcalico.org, names: {kind: Drop, plural: drops}, scope: Cluster,',
    '  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]}', '',
  ].join('\n'));
  return file;
}

let agentObjects: Manifest[] | undefined;
function calicoObjects(): Manifest[] {
  if (agentObjects) return agentObjects;
  const chart = newChart('drops-calico');
  new CniAgentDaemonSet(chart, 'calico', {
    implementation: CniImplementation.calico({
      version: CalicoVersion.of('3.33.7'),
      podCidr: '10.77.0.0/16',
      blockSize: 27,
      encapsulation: CalicoEncapsulation.VXLAN,
      bgp: false,
      mtu: 1377,
      ipAutodetection: CalicoIpAutodetection.canReach('192.0.2.7'),
      datastore: CalicoDatastore.KUBERNETES,
      crds: CalicoCrds.fromFile(crdFile('drops.crd.projectcalico.org')),
      kubeControllers: false,
    }),
  });
  agentObjects = synth(chart);
  return agentObjects;
}

let partObjects: Manifest[] | undefined;
function partsObjects(): Manifest[] {
  if (partObjects) return partObjects;
  const chart = newChart('drops-calico-parts');
  new CalicoKubeControllers(chart, 'kube-controllers', {
    version: CalicoVersion.of('3.33.8'),
    namespace: 'drop-calico-ns',
    imageRegistry: 'drop-mirror.example.com/quay',
    imagePullSecrets: ['drop-pull-calico'],
    syncWave: SyncWave.of(17),
  });
  new CalicoCustomResourceDefinitions(chart, 'crds', {
    crds: CalicoCrds.fromFile(crdFile('parts.crd.projectcalico.org')),
    version: CalicoVersion.of('3.33.8'),
    syncWave: SyncWave.of(-17),
  });
  partObjects = synth(chart);
  return partObjects;
}

const POD = 'DaemonSet/calico-node spec.template.spec';
const ENV = `${POD}.containers[name=calico-node].env`;
const KC = 'Deployment/calico-kube-controllers';

export const calicoTables: DropTable[] = [
  {
    struct: 'CalicoOptions',
    synth: calicoObjects,
    rows: {
      version: [
        { at: 'DaemonSet/calico-node metadata.labels["app.kubernetes.io/version"]', is: '3.33.7' },
        { at: `${POD}.containers[name=calico-node].image`, is: 'quay.io/calico/node:v3.33.7' },
        { at: `${POD}.initContainers[name=install-cni].image`, is: 'quay.io/calico/cni:v3.33.7' },
      ],
      podCidr: { at: ENV, has: { name: 'CALICO_IPV4POOL_CIDR', value: '10.77.0.0/16' } },
      blockSize: { at: ENV, has: { name: 'CALICO_IPV4POOL_BLOCK_SIZE', value: '27' } },
      encapsulation: [{ at: ENV, has: { name: 'CALICO_IPV4POOL_VXLAN', value: 'Always' } }, { at: ENV, has: { name: 'CALICO_IPV4POOL_IPIP', value: 'Never' } }],
      bgp: [
        { at: ENV, has: { name: 'CALICO_NETWORKING_BACKEND', value: 'vxlan' } },
        { at: `${POD}.containers[name=calico-node].readinessProbe.exec.command`, is: ['/bin/calico-node', '-felix-ready'] },
      ],
      mtu: [
        { at: ENV, has: { name: 'FELIX_VXLANMTU', value: '1377' } },
        { at: `${POD}.initContainers[name=install-cni].env[name=CNI_NETWORK_CONFIG].value(json).plugins[0].mtu`, is: 1377 },
      ],
      ipAutodetection: { at: ENV, has: { name: 'IP_AUTODETECTION_METHOD', value: 'can-reach=192.0.2.7' } },
      datastore: { at: ENV, has: { name: 'DATASTORE_TYPE', value: 'kubernetes' } },
      crds: { at: 'CustomResourceDefinition/drops.crd.projectcalico.org metadata.annotations["argocd.argoproj.io/sync-wave"]', is: '-11' },
      kubeControllers: { at: KC, is: undefined },
    },
  },
  {
    struct: 'CalicoKubeControllersProps',
    synth: partsObjects,
    rows: {
      version: { at: `${KC} spec.template.spec.containers[0].image`, has: 'calico/kube-controllers:v3.33.8' },
      namespace: { at: `${KC} metadata.namespace`, is: 'drop-calico-ns' },
      imageRegistry: { at: `${KC} spec.template.spec.containers[0].image`, is: 'drop-mirror.example.com/quay/calico/kube-controllers:v3.33.8' },
      imagePullSecrets: { at: `${KC} spec.template.spec.imagePullSecrets`, is: [{ name: 'drop-pull-calico' }] },
      syncWave: { at: `${KC} metadata.annotations["argocd.argoproj.io/sync-wave"]`, is: '17' },
    },
  },
  {
    struct: 'CalicoCustomResourceDefinitionsProps',
    synth: partsObjects,
    rows: {
      crds: { at: 'CustomResourceDefinition/parts.crd.projectcalico.org spec.names.plural', is: 'drops' },
      // A release other than 3.32.1 is accepted with its own CRDs (the bundled ones would be refused).
      version: { at: 'CustomResourceDefinition/parts.crd.projectcalico.org', has: { kind: 'CustomResourceDefinition' } },
      syncWave: { at: 'CustomResourceDefinition/parts.crd.projectcalico.org metadata.annotations["argocd.argoproj.io/sync-wave"]', is: '-17' },
    },
  },
];
