/** The Argo CD Application that applies one chart's file: a plain ApiObject, as cdk8s-plus has no class for it. */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GITOPS_REPO } from '../fleet';

export function argoCdApplication(scope: Construct, name: string, chart: string, wave?: number): ApiObject {
  return new ApiObject(scope, name, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
      ...(wave === undefined ? {} : { annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } }),
    },
    spec: {
      project: 'default',
      source: { repoURL: GITOPS_REPO, path: 'dist', targetRevision: 'HEAD', directory: { include: `${chart}.k8s.yaml` } },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '180s' } },
      },
    },
  });
}
