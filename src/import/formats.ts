// The bundle formats cni-doctor reads: its own, and those of the tools customers already run. Each
// foreign format is an importer (src/import/<format>.ts) that says, path by path, what a file of
// that format is in the terms of the bundle contract, so every rule, renderer and view works
// unchanged. ../shared/foreign-formats.md describes the layouts, read from each producer's source.
import type { BundlePath } from '../bundle/layout.js';

import type { BundleFormat } from '../model/report.js';

export { BUNDLE_FORMATS, type BundleFormat } from '../model/report.js';

export interface Importer {
  format: BundleFormat;
  /** The producing tool, as users know it. */
  tool: string;
  /** Whether a path can only come from this format (decides the format of a bundle). */
  marks(path: string): boolean;
  /** What a path is, in contract terms; `other` for what the analysis does not read. */
  classify(path: string): BundlePath;
  /** What the format never contains by default, for the report's statement of coverage. */
  lacks: string[];
  /**
   * A link the format makes by design (troubleshoot's alias of a collector's output): still never
   * followed, but not a sign of a hostile archive. `target` is as the archive records it.
   */
  aliasLink?(path: string, target: string): boolean;
  /** The file that says which version of the tool made the bundle, and how to read it. */
  version?: { file: string; read(text: string): string | undefined };
}
