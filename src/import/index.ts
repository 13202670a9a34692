// Which format a bundle is, decided by the first path only one format can have, and what each path
// is in the terms of the bundle contract. Formats are told apart by content (their paths), not by
// the archive's name.
import { classifyPath, MANIFEST_PATH, type BundlePath } from '../bundle/layout.js';
import type { NestedKind } from '../bundle/nested.js';
import type { BundleFormat, Importer } from './formats.js';
import { calicoDiags } from './calico-diags.js';
import { ciliumSysdump } from './cilium-sysdump.js';
import { clusterInfoDump } from './cluster-info-dump.js';
import { mustGather } from './must-gather.js';
import { supportBundleKit } from './support-bundle-kit.js';
import { troubleshoot } from './troubleshoot.js';

export type { BundleFormat, Importer, PodDirectory, ToolError } from './formats.js';
export { splitAtPod } from './formats.js';
export { BUNDLE_FORMATS } from './formats.js';

export const IMPORTERS: readonly Importer[] = [troubleshoot, ciliumSysdump, calicoDiags, supportBundleKit, mustGather, clusterInfoDump];

/** Paths only cni-doctor's own layout has: they decide a bundle is native for good (foreign/ holds what `convert` kept verbatim). */
const NATIVE_ONLY = /^(manifest\.json$|foreign\/|cluster\/[a-z]+\.json$|cluster\/custom\/[^/]+\.json$|cluster\/top-(nodes|pods)\.txt$|plugins\/|probe\/)/;
/**
 * Paths a native bundle has but another format may share (calicoctl cluster diags also has
 * `nodes/<node>/ip-route.txt`, support-bundle-kit `logs/<ns>/<pod>/<c>.log`): native until a path
 * only some importer has says otherwise. Such a path means the same in both layouts. A source that
 * can list its paths first (a directory, a zip) is decided from all of them before anything is read
 * (see observe); a tar.gz is decided as it streams.
 */
const NATIVE_MARK = /^(cluster\/|nodes\/|logs\/)/;

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

  /** Whether a path is an archive read as part of the bundle (see Importer.nested). */
  nested(path: string): NestedKind | undefined {
    if (this.importer) return this.importer.nested?.(path);
    // Still undecided between native and a format sharing its paths: cni-doctor has no nested
    // archives, so one the other format opens is opened (read as other files, nothing lost).
    if (this.tentative) for (const i of IMPORTERS) if (i.nested?.(path)) return i.nested(path);
    return undefined;
  }

  /** Lets a path decide the format without reading it (a source that lists its paths first). */
  observe(path: string): void {
    if (!this.singleFile && (this.decided === undefined || this.tentative)) this.decide(path);
  }

  /** `inner`: an entry of a nested archive, which the format already owns: it does not decide it. */
  classify(path: string, inner = false): BundlePath {
    if (this.singleFile) return { kind: 'dump-stream' };
    if (!inner) this.observe(path);
    if (this.decided && this.decided !== 'cni-doctor') return this.decided.classify(path);
    // Inside an archive only the other format nests: none of cni-doctor's paths.
    if (inner) return { kind: 'other' };
    const native = classifyPath(path);
    // Still undecided between native and a format sharing its paths: what only the other reads
    // (support-bundle-kit's <c>.log.1) is read as that format says rather than skipped.
    if (native.kind === 'other' && this.tentative) {
      for (const i of IMPORTERS) {
        const foreign = i.classify(path);
        if (foreign.kind !== 'other') return foreign;
      }
    }
    return native;
  }

  private decide(path: string): void {
    if (path === MANIFEST_PATH || NATIVE_ONLY.test(path)) {
      this.decided = 'cni-doctor';
      this.tentative = false;
      return;
    }
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
