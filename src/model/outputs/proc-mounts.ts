// What `/proc/mounts` says, as the parser (src/parsers/proc-mounts.ts) reads it.

export interface Mount {
  device: string;
  mountPoint: string;
  fsType: string;
  options: string[];
  line: number;
}

export interface MountTable {
  format: 'proc-mounts';
  mounts: Mount[];
}
