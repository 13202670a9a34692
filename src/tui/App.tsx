// The interactive terminal view: summary → findings → finding → evidence, plus nodes and timeline.
// Components below are presentation only; this one holds the navigation state and the keys.
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useEffect, useMemo, useReducer, useState } from 'react';
import type { Report } from '../model/report.js';
import { clean, findingMatches, fit } from './format.js';
import { EvidenceView, initialTop } from './views/EvidenceView.js';
import { FindingDetail } from './views/FindingDetail.js';
import { FindingList } from './views/FindingList.js';
import { NodeTable } from './views/NodeTable.js';
import { Summary } from './views/Summary.js';
import { Timeline } from './views/Timeline.js';

export type View = 'summary' | 'findings' | 'nodes' | 'timeline';
const TABS: View[] = ['summary', 'findings', 'nodes', 'timeline'];
const TAB_LABEL: Record<View, string> = { summary: 'Triage', findings: 'Findings', nodes: 'Nodes', timeline: 'Timeline' };

export const KEYS: [string, string][] = [
  ['↑ ↓  j k', 'move the selection / scroll'],
  ['PgUp PgDn  space b', 'page up / down'],
  ['g  G', 'first / last'],
  ['enter', 'open (triage → the root cause to fix first; finding → detail → evidence; node → its findings)'],
  ['esc  backspace', 'back'],
  ['tab  shift-tab', 'next / previous view (triage, findings, nodes, timeline)'],
  ['/', 'search in the current list (enter applies, esc cancels)'],
  ['n', 'clear the node filter and the search'],
  ['f', 'timeline: cycle the reason filter'],
  ['?', 'this help'],
  ['q  ctrl-c', 'quit'],
];

export interface AppProps {
  report: Report;
  /** Text of a bundle file, for the evidence viewer. */
  fileText: (path: string) => string | undefined;
  /** Fixed size (tests); otherwise the terminal's, updated live on resize. */
  width?: number;
  height?: number;
}

type Detail = { finding: string; evidence: number } | undefined;
type Open = { finding: string; evidence: number; top: number } | undefined;

interface State {
  view: View;
  detail: Detail;
  open: Open;
  help: boolean;
  searching: string | undefined;
  query: Record<View, string>;
  nodeFilter: string | undefined;
  reasonFilter: string | undefined;
  sel: Record<View, number>;
}

const INITIAL: State = {
  view: 'summary',
  detail: undefined,
  open: undefined,
  help: false,
  searching: undefined,
  query: { summary: '', findings: '', nodes: '', timeline: '' },
  nodeFilter: undefined,
  reasonFilter: undefined,
  sel: { summary: 0, findings: 0, nodes: 0, timeline: 0 },
};

interface KeyEvent {
  input: string;
  key: Key;
}

/** What each list shows under the current filters. */
function lists(report: Report, s: State) {
  const findings = report.findings.filter((f) => findingMatches(f, s.query.findings, s.nodeFilter));
  const nodes = report.bundle.nodes.filter((n) => !s.query.nodes || n.name.toLowerCase().includes(s.query.nodes.toLowerCase()));
  const q = s.query.timeline.toLowerCase();
  const events = report.bundle.timeline.filter((e) => (!s.reasonFilter || e.reason === s.reasonFilter) && (!q || `${e.reason} ${e.object} ${e.message}`.toLowerCase().includes(q)));
  return { findings, nodes, events };
}

/** One key against the latest state: keys that arrive faster than renders are never lost. */
function reduce(report: Report, fileText: AppProps['fileText'], page: number, s: State, { input, key }: KeyEvent): State {
  if (s.searching !== undefined) {
    if (key.escape) return { ...s, searching: undefined };
    if (key.return) return { ...s, query: { ...s.query, [s.view]: s.searching }, sel: { ...s.sel, [s.view]: 0 }, searching: undefined };
    if (key.backspace || key.delete) return { ...s, searching: s.searching.slice(0, -1) };
    if (input && !key.ctrl && !key.meta) return { ...s, searching: s.searching + input };
    return s;
  }
  if (s.help) return { ...s, help: false };
  if (input === '?') return { ...s, help: true };
  if (s.open) {
    const finding = report.findings.find((f) => f.id === s.open!.finding);
    const text = finding?.evidence[s.open.evidence] ? fileText(finding.evidence[s.open.evidence]!.file) : undefined;
    const last = Math.max(0, (text?.split('\n').length ?? 1) - 1);
    const to = (top: number) => ({ ...s, open: { ...s.open!, top: Math.max(0, Math.min(last, top)) } });
    if (key.escape || key.backspace || key.delete || key.leftArrow) return { ...s, open: undefined };
    if (key.downArrow || input === 'j') return to(s.open.top + 1);
    if (key.upArrow || input === 'k') return to(s.open.top - 1);
    if (key.pageDown || input === ' ') return to(s.open.top + page);
    if (key.pageUp || input === 'b') return to(s.open.top - page);
    if (input === 'g') return to(0);
    if (input === 'G') return to(last);
    return s;
  }
  if (s.detail) {
    const current = report.findings.find((f) => f.id === s.detail!.finding);
    if (!current) return { ...s, detail: undefined };
    const ev = (i: number) => ({ ...s, detail: { ...s.detail!, evidence: Math.max(0, Math.min(current.evidence.length - 1, i)) } });
    if (key.escape || key.backspace || key.delete || key.leftArrow) return { ...s, detail: undefined };
    if (key.downArrow || input === 'j') return ev(s.detail.evidence + 1);
    if (key.upArrow || input === 'k') return ev(s.detail.evidence - 1);
    if (key.return && current.evidence[s.detail.evidence]) return { ...s, open: { finding: current.id, evidence: s.detail.evidence, top: initialTop(current.evidence[s.detail.evidence]!) } };
    return s;
  }
  if (key.tab) {
    const i = TABS.indexOf(s.view);
    return { ...s, view: TABS[(i + (key.shift ? TABS.length - 1 : 1)) % TABS.length]! };
  }
  if (input === '/' && s.view !== 'summary') return { ...s, searching: s.query[s.view] };
  if (input === 'n') return { ...s, nodeFilter: undefined, reasonFilter: undefined, query: INITIAL.query };
  if (key.escape || key.backspace || key.delete) {
    if (s.view === 'summary') return s;
    return { ...s, view: s.view === 'findings' && s.nodeFilter ? 'nodes' : 'summary' };
  }
  if (input === 'f' && s.view === 'timeline') {
    const reasons = [...new Set(report.bundle.timeline.map((e) => e.reason))].sort();
    const i = s.reasonFilter ? reasons.indexOf(s.reasonFilter) : -1;
    return { ...s, reasonFilter: i + 1 < reasons.length ? reasons[i + 1] : undefined, sel: { ...s.sel, timeline: 0 } };
  }
  const l = lists(report, s);
  const length = s.view === 'findings' ? l.findings.length : s.view === 'nodes' ? l.nodes.length : s.view === 'timeline' ? l.events.length : 0;
  const move = (delta: number) => ({ ...s, sel: { ...s.sel, [s.view]: Math.max(0, Math.min(length - 1, s.sel[s.view] + delta)) } });
  if (key.downArrow || input === 'j') return move(1);
  if (key.upArrow || input === 'k') return move(-1);
  if (key.pageDown || input === ' ') return move(page);
  if (key.pageUp || input === 'b') return move(-page);
  if (input === 'g') return move(-length);
  if (input === 'G') return move(length);
  if (key.return) {
    // The first screen names the root cause to fix first: enter opens it (else the findings).
    if (s.view === 'summary') {
      const top = report.triage.topRootCause && report.findings.find((f) => f.id === report.triage.topRootCause!.finding);
      return top ? { ...s, view: 'findings', sel: { ...s.sel, findings: Math.max(0, l.findings.indexOf(top)) }, detail: { finding: top.id, evidence: 0 } } : { ...s, view: 'findings' };
    }
    if (s.view === 'findings' && l.findings[s.sel.findings]) return { ...s, detail: { finding: l.findings[s.sel.findings]!.id, evidence: 0 } };
    if (s.view === 'nodes' && l.nodes[s.sel.nodes]) return { ...s, nodeFilter: l.nodes[s.sel.nodes]!.name, sel: { ...s.sel, findings: 0 }, view: 'findings' };
  }
  return s;
}

function useTerminalSize(width?: number, height?: number): { width: number; height: number } {
  const { stdout } = useStdout();
  const read = () => ({ width: width ?? stdout.columns ?? 80, height: height ?? stdout.rows ?? 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (width !== undefined && height !== undefined) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return width !== undefined && height !== undefined ? { width, height } : size;
}

export function App({ report, fileText, width: fixedWidth, height: fixedHeight }: AppProps) {
  const { exit } = useApp();
  const { width, height } = useTerminalSize(fixedWidth, fixedHeight);
  const bodyHeight = Math.max(3, height - 3);
  const [state, dispatch] = useReducer((s: State, e: KeyEvent) => reduce(report, fileText, bodyHeight - 2, s, e), INITIAL);
  const { view, detail, open, help, searching, query, nodeFilter, reasonFilter, sel } = state;
  const { findings, nodes, events } = useMemo(() => lists(report, state), [report, state]);
  const current = detail ? report.findings.find((f) => f.id === detail.finding) : undefined;
  const openFinding = open ? report.findings.find((f) => f.id === open.finding) : undefined;
  const openEvidence = openFinding?.evidence[open!.evidence];
  const openText = openEvidence ? fileText(openEvidence.file) : undefined;

  useInput((input, key) => {
    if (searching === undefined && (input === 'q' || (key.ctrl && input === 'c'))) {
      exit();
      return;
    }
    dispatch({ input, key });
  });

  const crumbs = [TAB_LABEL[view], ...(nodeFilter && view === 'findings' ? [`node ${clean(nodeFilter)}`] : []), ...(current ? [`#${report.findings.indexOf(current) + 1}`] : []), ...(openEvidence ? ['evidence'] : [])];
  const title = `cni-doctor · ${clean(report.bundle.context ?? report.bundle.source)} · ${crumbs.join(' › ')}`;
  const tabs = TABS.map((t) => (t === view ? `[${TAB_LABEL[t]}]` : ` ${TAB_LABEL[t]} `)).join(' ');
  const footer = searching !== undefined ? `search: ${clean(searching)}▏ (enter apply, esc cancel)` : '↑↓/jk move  enter open  esc back  tab view  / search  ? help  q quit';

  let body;
  if (help) {
    body = (
      <Box flexDirection="column">
        <Text bold>Keys</Text>
        {KEYS.map(([k, what]) => (
          <Text key={k} wrap="truncate-end">
            {fit(`  ${k.padEnd(20)} ${what}`, width)}
          </Text>
        ))}
        <Text dimColor>Press any key to close this help.</Text>
      </Box>
    );
  } else if (openEvidence) {
    body = <EvidenceView evidence={openEvidence} text={openText} top={open!.top} width={width} height={bodyHeight} />;
  } else if (current) {
    body = <FindingDetail finding={current} evidenceIndex={detail!.evidence} width={width} height={bodyHeight} />;
  } else if (view === 'summary') {
    body = <Summary report={report} width={width} height={bodyHeight} />;
  } else if (view === 'findings') {
    body = <FindingList findings={findings} selected={sel.findings} width={width} height={bodyHeight} filterText={[nodeFilter ? `node ${clean(nodeFilter)}` : '', query.findings ? `search "${clean(query.findings)}"` : ''].filter(Boolean).join(', ')} />;
  } else if (view === 'nodes') {
    body = <NodeTable nodes={nodes} selected={sel.nodes} width={width} height={bodyHeight} />;
  } else {
    body = <Timeline events={events} selected={sel.timeline} width={width} height={bodyHeight} filterText={[reasonFilter ? `reason ${clean(reasonFilter)}` : '', query.timeline ? `search "${clean(query.timeline)}"` : ''].filter(Boolean).join(', ')} />;
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">{fit(title, width)}</Text>
      <Text color="blue" wrap="truncate-end">{fit(tabs, width)}</Text>
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {body}
      </Box>
      <Text inverse wrap="truncate-end">{fit(footer, width).padEnd(width)}</Text>
    </Box>
  );
}
