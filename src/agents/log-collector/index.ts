export * from './version';
export * from './outputs';
export * from './filters';
export * from './log-collector';
