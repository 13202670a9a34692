// The bundle formats cni-doctor reads: its own, and those of the tools customers already run. Each
// foreign format is an importer (src/import/<format>.ts) that says, path by path, what a file of
// that format is in the terms of the bundle contract, so every rule, renderer and view works
// unchanged. ../shared/foreign-formats.md describes the layouts, read from each producer's source.
import type { BundlePath, ClusterListName } from '../bundle/layout.js';
import type { NestedKind } from '../bundle/nested.js';

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
  /** Undoes what the tool did to every object it wrote (support-bundle-kit's "null" strings). */
  repairItem?(value: unknown): unknown;
  /** An archive inside the bundle that is read as part of it (see src/bundle/nested.ts). */
  nested?(path: string): NestedKind | undefined;
  /** Lists the format never holds (said in `lacks`, so not reported again as missing). */
  absentLists?: ClusterListName[];
  /**
   * A link the format makes by design (troubleshoot's alias of a collector's output): still never
   * followed, but not a sign of a hostile archive. `target` is as the archive records it.
   */
  aliasLink?(path: string, target: string): boolean;
  /** The file that says which version of the tool made the bundle, and how to read it. */
  version?: { file: string | RegExp; read(text: string): string | undefined };
  /**
   * What a path classified `by-pod` is, now that every pod is known; undefined when no pod of the
   * bundle matches (the file is then reported as not attributable, not guessed).
   */
  resolveByPod?(path: string, pods: PodDirectory): BundlePath | undefined;
  /** The collection failures the tool recorded in a file classified `error-record`. */
  readErrors?(path: string, text: string): ToolError[];
  /**
   * A tool that writes a command's error output where its data would be (calicoctl cluster diags):
   * the failure this text is, or undefined when it is data. `what` is filled in by the reader.
   */
  failedOutput?(text: string): ToolError | undefined;
}

/** The pods of a bundle by name alone (a foreign file name carries no namespace). */
export interface PodDirectory {
  find(name: string): { namespace: string; node?: string } | undefined;
  /** The kept text of another file of the bundle (small files only). */
  text(path: string): string | undefined;
}

/** One thing the producing tool says it failed to collect, where it says so. */
export interface ToolError {
  /** What it tried to collect, in the tool's words. */
  what: string;
  /** Why it failed, as the tool recorded it. */
  message: string;
  line: number;
}

/**
 * Splits `joined` (`<pod>-<rest>`, or `<rest>-<pod>` with podLast) at the longest pod name the bundle
 * has: pod and container names both contain dashes, so only the pod list can tell where one ends.
 */
export function splitAtPod(joined: string, pods: PodDirectory, podLast = false): { pod: string; rest: string } | undefined {
  const dashes: number[] = [];
  for (let i = joined.indexOf('-'); i > 0; i = joined.indexOf('-', i + 1)) dashes.push(i);
  // Longest pod first: for <pod>-<rest> the last dash, for <rest>-<pod> the first.
  const order = podLast ? dashes : [...dashes].reverse();
  for (const i of order) {
    const pod = podLast ? joined.slice(i + 1) : joined.slice(0, i);
    const rest = podLast ? joined.slice(0, i) : joined.slice(i + 1);
    if (pod && rest && pods.find(pod)) return { pod, rest };
  }
  return undefined;
}
