// The coverage planner's public API. It never imports the constructs: it plans any DaemonSet.
export * from './result';
export * from './coverage-planner';
