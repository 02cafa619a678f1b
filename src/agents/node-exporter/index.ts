export * from './collectors';
export * from './node-exporter';
export * from './service-monitor';
export * from './version';
