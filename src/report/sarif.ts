// SARIF 2.1.0 for CI systems: one run, the rules with description and helpUri, one result per
// finding with its level and the bundle files and lines as locations. A pure function of the Report
// (the rule descriptions come from the catalogue the Report carries).
import type { Finding, Report } from '../model/report.js';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** A bundle path as a relative URI reference (each segment percent-encoded; never absolute). */
function bundleUri(file: string): string {
  return file
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export function renderSarif(report: Report): string {
  const ids = [...new Set(report.ruleRuns.map((r) => r.ruleId))].sort();
  const meta = new Map(report.rules.map((r) => [r.id, r]));
  const rules = ids.map((id) => {
    const m = meta.get(id);
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: sentence(m?.title ?? id) },
      fullDescription: { text: sentence(m?.description ?? id) },
      ...(m?.docs[0] ? { helpUri: m.docs[0] } : {}),
      help: { text: m ? `${sentence(m.rationale)} Fix: ${m.actions.map((a) => `${a.title} (risk: ${a.risk})`).join('; then ')}.` : id },
      defaultConfiguration: { level: m ? LEVEL[m.severity] : 'note' },
      properties: { tags: [...new Set(['cni', m?.area ?? 'other', ...(m?.plugin ? [m.plugin] : [])])], severity: m?.severity ?? 'info', urgency: m?.urgency ?? null },
    };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? -1,
    level: LEVEL[f.severity],
    message: { text: sentence(f.summary) },
    locations: f.evidence.slice(0, 10).map((e) => ({
      physicalLocation: {
        artifactLocation: { uri: bundleUri(e.file), uriBaseId: 'BUNDLE' },
        ...(e.line ? { region: { startLine: e.line, ...(e.excerpt !== undefined ? { snippet: { text: e.excerpt } } : {}) } } : {}),
      },
      ...(e.note ? { message: { text: sentence(e.note) } } : {}),
    })),
    partialFingerprints: { 'cniDoctorFindingId/v1': f.id },
    properties: { title: f.title, severity: f.severity, urgency: f.urgency, scope: f.scope.text, rootCause: f.rootCause, causedBy: f.causedBy, explains: f.explains },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cni-doctor',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/cni-doctor/cni-doctor',
            rules,
          },
        },
        originalUriBaseIds: { BUNDLE: { description: { text: `The root of the support bundle ${report.bundle.source}.` } } },
        results,
        properties: { bundle: report.bundle.source, context: report.bundle.context, podNetwork: report.triage.podNetwork.verdict },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
