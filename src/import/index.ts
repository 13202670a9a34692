// Which format a bundle is, decided by the first path only one format can have, and what each path
// is in the terms of the bundle contract. Formats are told apart by content (their paths), not by
// the archive's name.
import { classifyPath, MANIFEST_PATH, type BundlePath } from '../bundle/layout.js';
import type { BundleFormat, Importer } from './formats.js';
import { calicoDiags } from './calico-diags.js';
import { ciliumSysdump } from './cilium-sysdump.js';
import { clusterInfoDump } from './cluster-info-dump.js';
import { mustGather } from './must-gather.js';
import { troubleshoot } from './troubleshoot.js';

export type { BundleFormat, Importer, PodDirectory, ToolError } from './formats.js';
export { splitAtPod } from './formats.js';
export { BUNDLE_FORMATS } from './formats.js';

export const IMPORTERS: readonly Importer[] = [troubleshoot, ciliumSysdump, calicoDiags, mustGather, clusterInfoDump];

/** Paths only cni-doctor's own layout has: they decide a bundle is native for good. */
const NATIVE_ONLY = /^(manifest\.json$|cluster\/[a-z]+\.json$|cluster\/custom\/[^/]+\.json$|cluster\/top-(nodes|pods)\.txt$|plugins\/|probe\/|logs\/[^/]+\/[^/]+\/[^/]+\.log$)/;
/**
 * Paths a native bundle has but another format may share (calicoctl cluster diags also has
 * `nodes/<node>/ip-route.txt`): native until a path only some importer has says otherwise. Such a
 * path means the same in both layouts, so what was read before the switch was read right.
 */
const NATIVE_MARK = /^(cluster\/|nodes\/)/;

/** Follows a bundle's paths as they stream past: decides its format, classifies each path. */
export class FormatTracker {
  private decided: Importer | 'cni-doctor' | undefined;
  /** Decided native from a path another format may share (see NATIVE_MARK). */
  private tentative = false;

  /** singleFile: the bundle is one file of documents, which only kubectl cluster-info dump prints. */
  constructor(
    forced?: BundleFormat,
    private readonly singleFile = false,
  ) {
    if (singleFile) forced ??= 'cluster-info-dump';
    if (forced === 'cni-doctor') this.decided = 'cni-doctor';
    else if (forced) this.decided = IMPORTERS.find((i) => i.format === forced);
  }

  get format(): BundleFormat {
    return this.decided === undefined || this.decided === 'cni-doctor' ? 'cni-doctor' : this.decided.format;
  }

  get importer(): Importer | undefined {
    return this.decided === 'cni-doctor' ? undefined : this.decided;
  }

  /** A link this format makes by design (see Importer.aliasLink). */
  isAlias(path: string, target: string): boolean {
    return !!this.importer?.aliasLink?.(path, target);
  }

  classify(path: string): BundlePath {
    if (this.singleFile) return { kind: 'dump-stream' };
    if (this.decided === undefined || this.tentative) {
      if (path === MANIFEST_PATH || NATIVE_ONLY.test(path)) {
        this.decided = 'cni-doctor';
        this.tentative = false;
      } else {
        const importer = IMPORTERS.find((i) => i.marks(path));
        if (importer) {
          this.decided = importer;
          this.tentative = false;
        } else if (this.decided === undefined && NATIVE_MARK.test(path)) {
          this.decided = 'cni-doctor';
          this.tentative = true;
        }
      }
    }
    if (this.decided && this.decided !== 'cni-doctor') return this.decided.classify(path);
    return classifyPath(path);
  }
}
