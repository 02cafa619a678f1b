export * from './version';
export * from './network';
export * from './ip-autodetection';
export * from './options';
export * from './crds';
export * from './custom-resource-definitions';
export * from './kube-controllers';
