export * from './version';
export * from './driver';
export * from './container-runtime';
export * from './rules';
export * from './outputs';
export * from './props';
export * from './security-agent';
