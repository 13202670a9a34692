// The versioned JSON document for machines: the Report as it is (schema/report.schema.json).
import type { Report } from '../model/report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
