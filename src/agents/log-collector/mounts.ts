/**
 * The node directories the log collector mounts, each with why (the privilege report shows it).
 * Internal to the agent: its props (dockerLogDirectory, stateDirectory, buffering, the journal
 * inputs) choose them.
 */
import { Container, HostPathVolumeType } from 'cdk8s-plus-28';
import { CONTAINER_LOG_DIR, POD_LOG_DIR, STATE_DIR } from './config';
import { NodeAgent } from '../../base/node-agent';

/** Mounts the log directories read-only and only the collector's own state directory writable. */
export function mountLogDirectories(ds: NodeAgent, c: Container, mounts: {
  /** Docker's containers directory, on nodes still running Docker. */
  readonly dockerLogDirectory?: string;
  /** The host directory of the position DBs (and of the filesystem buffer). */
  readonly stateDirectory: string;
  /** Whether the filesystem buffer is in the state directory. */
  readonly filesystemBuffering: boolean;
  /** The journal directories the journal inputs read. */
  readonly journalDirectories: string[];
}): void {
  ds.mountHostPath(c, {
    name: 'varlogcontainers',
    hostPath: CONTAINER_LOG_DIR,
    type: HostPathVolumeType.DIRECTORY,
    justification: 'The tail input follows /var/log/containers/*.log, the kubelet\'s symlinks to every container\'s current log (their names carry pod, namespace and container). Read-only.',
  });
  ds.mountHostPath(c, {
    name: 'varlogpods',
    hostPath: POD_LOG_DIR,
    type: HostPathVolumeType.DIRECTORY,
    justification: 'The symlinks in /var/log/containers point into /var/log/pods, where the runtime writes the log files. Read-only; the rest of /var/log (auth, audit logs) stays out of reach.',
  });
  if (mounts.dockerLogDirectory !== undefined) {
    ds.mountHostPath(c, {
      name: 'dockercontainers',
      hostPath: mounts.dockerLogDirectory,
      type: HostPathVolumeType.DIRECTORY,
      justification: 'On Docker (cri-dockerd) nodes the files under /var/log/pods are symlinks into Docker\'s containers directory. Read-only.',
    });
  }
  ds.mountHostPath(c, {
    name: 'state',
    hostPath: mounts.stateDirectory,
    mountPath: STATE_DIR,
    type: HostPathVolumeType.DIRECTORY_OR_CREATE,
    readOnly: false,
    justification: mounts.filesystemBuffering
      ? 'The position DBs and the filesystem buffer (storage.path, its buffer/ subdirectory) must outlive the pod, so a restart or upgrade neither re-ships nor skips logs and delivers what was buffered; they get their own writable directory so that /var/log stays read-only.'
      : 'The tail position DB must outlive the pod so a restart or upgrade neither re-ships nor skips logs; it gets its own writable directory so that /var/log stays read-only.',
  });
  mounts.journalDirectories.forEach((directory, i) => ds.mountHostPath(c, {
    name: i === 0 ? 'journal' : `journal-${i}`,
    hostPath: directory,
    type: HostPathVolumeType.DIRECTORY,
    justification: `The systemd input reads the journal in ${directory} for its units (systemdUnits, LogInput.systemd). Read-only.`,
  }));
  if (mounts.journalDirectories.length > 0) {
    ds.mountHostPath(c, {
      name: 'machine-id',
      hostPath: '/etc/machine-id',
      type: HostPathVolumeType.FILE,
      justification: 'The journal is stored under <journal directory>/<machine-id>; the journal library reads /etc/machine-id to find it. Read-only.',
    });
  }
}
