// analyze(bundle) → Report: open the bundle, read it in one streaming pass, run the rules.
import path from 'node:path';
import { openBundle, type BundleLimits, DEFAULT_LIMITS } from '../bundle/source.js';
import type { BundleFormat, Report } from '../model/report.js';
import type { BundleData } from './bundle-data.js';
import { analyzeBundle } from './engine.js';
import { loadBundle, type LoadProgress } from './load.js';
import type { StageTimings } from './timings.js';

export { BundleOpenError } from '../bundle/source.js';

export interface AnalyzePathOptions {
  toolVersion: string;
  limits?: BundleLimits;
  onProgress?: LoadProgress;
  /** Keep log text (bytes per log) for the terminal view's evidence viewer. */
  keepLogBytes?: number;
  /** The unoptimised loading path (see LoadOptions.reference); for tests. */
  reference?: boolean;
  /** Read as this format instead of telling it from the bundle's paths (--from). */
  format?: BundleFormat;
  /** Where the time goes, by stage (analyze --timings). */
  timings?: StageTimings;
}

export async function analyzePath(location: string, options: AnalyzePathOptions): Promise<{ report: Report; data: BundleData }> {
  const timings = options.timings;
  const read = async () => {
    const source = await openBundle(location, options.limits ?? DEFAULT_LIMITS);
    return loadBundle(source, { onProgress: options.onProgress, keepLogBytes: options.keepLogBytes, reference: options.reference, format: options.format, timings });
  };
  const data = timings ? await timings.time('read', read) : await read();
  const report = analyzeBundle(data, { toolVersion: options.toolVersion, source: path.basename(path.resolve(location)), timings });
  return { report, data };
}
