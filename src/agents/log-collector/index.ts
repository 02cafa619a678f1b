export * from './version';
export * from './outputs';
export * from './filters';
export { LogCollectorServiceMonitorOptions } from './service-monitor';
export * from './log-collector';
