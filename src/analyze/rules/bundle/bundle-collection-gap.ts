// Reports what the report could not see: commands the collector could not run (manifest `error`),
// expected files missing, and files that could not be read or interpreted.
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/
import type { Evidence } from '../../../model/report.js';
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

const ERROR_MEANING: Record<string, string> = {
  forbidden: 'the collector\'s credentials were not allowed to read it',
  timeout: 'the command did not finish in time',
  'not-found': 'it did not exist',
  'exec-failed': 'running the command in the pod failed',
  unreachable: 'the node or pod could not be reached',
  skipped: 'the collector skipped it',
};

export default defineRule({
  meta: {
    id: 'bundle-collection-gap',
    title: 'Parts of the cluster are not in the bundle',
    area: 'bundle',
    severity: 'info',
    urgency: null,
    answers: null,
    description: 'Commands the collector could not run (manifest `error`: timeout, forbidden, not-found, exec-failed, unreachable, skipped), core files missing from the bundle, and files that could not be parsed or whose format is not recognised.',
    rationale: 'A rule that has no data passes silently; knowing what is missing tells the reader which problems the report cannot rule out.',
    evidence: 'The manifest entries of the failed commands, and the unreadable files with the location of the problem.',
    actions: [{ title: 'Re-collect with the missing permissions (or a longer --timeout), or attach the missing outputs by hand', commands: ['kubectl auth can-i --list', 'cni-doctor collect --timeout 60'], risk: 'safe' }],
    docs: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/'],
  },
  requires: [],
  check(ctx) {
    const drafts = [];
    const manifest = ctx.data.manifest;
    const failed = (manifest?.commands ?? []).filter((c) => c.error);
    const byClass = new Map<string, typeof failed>();
    for (const c of failed) byClass.set(c.error!, [...(byClass.get(c.error!) ?? []), c]);
    for (const [cls, cmds] of [...byClass.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const what = cmds.map((c) => c.file ?? c.argv.join(' '));
      const nodes = [...new Set(cmds.map((c) => c.node).filter((n): n is string => !!n))].sort();
      drafts.push({
        key: cls,
        scope: { kind: 'bundle' as const, names: what.slice(0, 50), text: `${cmds.length} command(s)${nodes.length ? ` on ${nodes.length} node(s)` : ''}` },
        nodes,
        summary: `${cmds.length} collection command(s) failed with "${cls}" (${ERROR_MEANING[cls] ?? cls}): ${listNames(what, 4)}.${cmds[0]!.stderr ? ` stderr: "${cmds[0]!.stderr.trim().slice(0, 160)}"` : ''}`,
        evidence: cmds.slice(0, 4).map((c): Evidence => ctx.facts.evidence.line(manifest!.path, c.line, undefined, `${c.argv.join(' ')} → ${cls}${c.exitCode !== null ? ` (exit ${c.exitCode})` : ''}`)),
      });
    }
    // A foreign bundle's own error records: collected and failed, as its tool says (distinct from
    // what the format never collects, which the report's warnings state).
    const toolErrors = ctx.data.toolErrors;
    if (toolErrors.length) {
      const tool = ctx.data.origin.tool;
      drafts.push({
        key: 'tool-errors',
        title: `${tool} recorded parts it failed to collect`,
        scope: { kind: 'bundle' as const, names: toolErrors.map((e) => e.what).slice(0, 50), text: `${toolErrors.length} collection task(s)` },
        summary: `${toolErrors.length} collection task(s) failed while ${tool} made this bundle, so what they would have gathered is not in this report: ${listNames(toolErrors.map((e) => `${e.what} (${e.message.slice(0, 100)})`), 3)}.`,
        evidence: toolErrors.slice(0, 5).map((e) => ctx.facts.evidence.line(e.file, e.line, undefined, `${e.what}: ${e.message.slice(0, 160)}`)),
      });
    }
    // Files the manifest says were written but the bundle lacks.
    const lost = (manifest?.commands ?? []).filter((c) => !c.error && c.file && c.exitCode === 0 && !ctx.data.files.has(c.file));
    if (lost.length) {
      drafts.push({
        key: 'lost-files',
        scope: { kind: 'bundle' as const, names: lost.map((c) => c.file!).slice(0, 50), text: `${lost.length} file(s)` },
        summary: `${lost.length} file(s) the manifest records as collected are not in the bundle: ${listNames(lost.map((c) => c.file!), 4)}.`,
        evidence: lost.slice(0, 4).map((c) => ctx.facts.evidence.line(manifest!.path, c.line, undefined, `${c.file} recorded but absent`)),
      });
    }
    // Core files absent without a recorded reason.
    const core = ctx.facts.paths.coreLists;
    const recorded = new Set((manifest?.commands ?? []).map((c) => c.file));
    // By List, not by file: a foreign bundle holds them under its own names.
    // A foreign format names its files its own way: the List is named, and one the format never
    // holds is already in the report's statement of what the format lacks.
    const foreign = ctx.data.origin.format !== 'cni-doctor';
    const absent = core
      .filter((c) => !ctx.data.lists.has(c.list) && !recorded.has(c.file) && !ctx.data.origin.absentLists.includes(c.list))
      .map((c) => (foreign ? `${c.list} List` : c.file));
    if (absent.length && ctx.data.files.size) {
      drafts.push({
        key: 'missing-core',
        scope: { kind: 'bundle' as const, names: absent, text: `${absent.length} core file(s)` },
        summary: `The bundle has no ${listNames(absent)}; the rules that read ${absent.length === 1 ? 'it' : 'them'} could not run.`,
        evidence: manifest ? [ctx.facts.evidence.line(manifest.path, undefined, undefined, 'no command in the manifest produced these files')] : [],
      });
    }
    // Files that could not be read or interpreted.
    const problems = ctx.data.problems.filter((p) => p.file && !p.archive);
    if (problems.length) {
      drafts.push({
        key: 'unreadable',
        title: 'Some bundle files could not be read',
        scope: { kind: 'bundle' as const, names: problems.map((p) => p.file!).slice(0, 50), text: `${problems.length} file(s)` },
        summary: `${problems.length} file(s) could not be read or interpreted, so what they hold is not in this report: ${listNames(problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''} (${p.message.slice(0, 120)})`), 3)}.`,
        evidence: problems.slice(0, 5).filter((p) => ctx.data.files.has(p.file!)).map((p) => ctx.facts.evidence.line(p.file!, p.line, undefined, `${p.message}${p.column ? ` (column ${p.column})` : ''}`)),
      });
    }
    const probe = ctx.data.probe;
    if (probe && probe.scheduled === false && probe.error) {
      drafts.push({
        key: 'probe',
        title: 'The probe pod did not run',
        scope: { kind: 'bundle' as const, names: [probe.path], text: 'the probe' },
        summary: `The opt-in probe pod did not run, so the report cannot say whether a new pod gets a network: ${probe.error}.`,
        evidence: [ctx.facts.evidence.line(probe.path, undefined, undefined, probe.error)],
      });
    }
    const archive = ctx.data.problems.filter((p) => p.archive);
    if (archive.length) {
      drafts.push({
        key: 'archive',
        title: 'The bundle archive could not be read completely',
        scope: { kind: 'bundle' as const, names: [], text: 'the whole archive' },
        summary: `${archive.map((p) => p.message).join('; ')}. Findings cover only the entries read before that point.`,
        evidence: archive.filter((p) => p.file && ctx.data.files.has(p.file)).slice(0, 1).map((p) => ctx.facts.evidence.line(p.file!, undefined, undefined, 'last entry read')),
      });
    }
    return drafts;
  },
});
