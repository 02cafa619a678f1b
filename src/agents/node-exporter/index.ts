export * from './collectors';
export * from './node-exporter';
export * from './version';
