export * from './version';
export * from './counters';
export * from './gpu-monitor';
