// The renderer registry: each format is a pure function of the Report.
import type { Report } from '../model/report.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

export const RENDERERS = {
  md: renderMarkdown,
  json: renderJson,
  html: renderHtml,
  sarif: renderSarif,
} as const satisfies Record<string, (report: Report) => string>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];
