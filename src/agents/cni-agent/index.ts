export * from './version';
export * from './cni-config';
export * from './implementation';
export { FlannelBackend } from './net-conf';
export * from './cni-agent';
