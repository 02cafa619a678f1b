export * from './version';
export * from './kubelet-root';
export * from './csi-driver-spec';
export * from './csi-driver';
export * from './storage-agent';
