/**
 * cdk8s-plus-28, the cdk8s-plus line this library is built on, for apps that must not mix two
 * lines (`cdk8s init` installs a newer one, whose objects this library cannot take):
 * `import * as kplus from 'cdk8s-daemonsets/lib/kplus'`. A module of its own rather than an export
 * of the index, because jsii would try to compile cdk8s-plus-28's classes as this library's.
 */
export * from 'cdk8s-plus-28';
