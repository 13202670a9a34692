// What `ls -la` says, as the parser (src/parsers/ls-la.ts) reads it.

export interface LsEntry {
  type: 'file' | 'directory' | 'symlink' | 'other';
  mode: string;
  owner: string;
  group: string;
  size: number;
  name: string;
  linkTarget?: string;
  line: number;
  executable: boolean;
  /** Readable by the runtime (root): any read bit, since root bypasses modes only for files it owns via DAC override. */
  readable: boolean;
}

export interface LsListing {
  format: 'ls-la';
  /** `ls` said the directory does not exist. */
  missing?: { line: number; text: string };
  entries: LsEntry[];
  unparsed: { line: number; text: string }[];
}
