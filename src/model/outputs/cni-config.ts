// What a CNI config file on a node says, as the parser (src/parsers/cni-config.ts) reads it.

export interface PluginRef {
  type: string;
  /** The binary is needed as the plugin itself, its IPAM, or a delegate. */
  role: 'plugin' | 'ipam' | 'delegate';
  line?: number;
  /** A log setting of the plugin that sends its log to stdout, where only its JSON result may go (e.g. `pluginLogFile`). */
  logsToStdout?: string;
}

export interface CniConfigFile {
  fileName: string;
  /** Considered by runtimes (ends in .conf, .conflist or .json). */
  considered: boolean;
  size: number;
  empty: boolean;
  bom?: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';
  /** First line that ends in CRLF, if any, and how many do. */
  crlf?: { firstLine: number; count: number };
  parseError?: { message: string; line: number; column: number; libcniMessage?: string };
  isList: boolean;
  cniVersion?: string;
  name?: string;
  /** Missing top-level fields libcni requires. */
  missingFields: string[];
  plugins: PluginRef[];
  /** Template placeholders left unrendered, e.g. __CNI_MTU__. */
  placeholders: string[];
  /** Normalised content for comparing configs across nodes (node-specific values blanked). */
  normalized?: string;
}
