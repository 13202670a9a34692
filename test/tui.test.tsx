// The terminal view rendered with ink-testing-library at fixed sizes, driven by keys on stdin. Its
// input is a fixed Report (test/fixtures/reports/<scenario>.json, see scripts/make-report-fixture.ts)
// and the scenario bundle's files: these tests never run the engine.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../src/model/report.js';
import { App } from '../src/tui/App.js';
import { REPO, SAMPLES } from './helpers/bundles.js';

const KEY = { enter: '\r', esc: '\u001b', tab: '\t', down: '\u001b[B', up: '\u001b[A', backspace: '\u007f' };
const tick = () => new Promise((r) => setTimeout(r, 30));
// Ink's own colours are SGR sequences; anything else escape-like would have come from the bundle.
const plain = (frame: string | undefined) => (frame ?? '').replace(/\u001b\[[0-9;]*m/g, '');

async function open(scenario: string, width: number, height = 24) {
  const report = ReportSchema.parse(JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/reports', `${scenario}.json`), 'utf8')));
  const fileText = (p: string) => {
    const file = path.join(SAMPLES, scenario, p);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  const ui = render(<App report={report} fileText={fileText} width={width} height={height} />);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      ui.stdin.write(k);
      await tick();
    }
  };
  const frame = () => plain(ui.lastFrame());
  await tick();
  return { ui, report, press, frame };
}

function fitsIn(frame: string, width: number, height: number) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(width);
}

describe.each([80, 120])('terminal view at %i columns', (width) => {
  it('opens on the triage summary with counts, CNI and gaps, and a footer of keys', async () => {
    const { frame, ui } = await open('calico-missing-portmap', width);
    const f = frame();
    expect(f).toContain('Can new pods get a network? PARTLY — failing on some nodes');
    expect(f).toContain('Findings: ✖ 2 critical  ▲ 0 high  ● 1 medium  ○ 1 low  · 0 info');
    expect(f).toContain('CNI: Calico v3.28.1');
    expect(f).toContain('Collection gaps');
    expect(f).toContain('enter open  esc back  tab view  / search  ? help  q quit');
    fitsIn(f, width, 24);
    ui.unmount();
  });

  it('opens on the four answers and the root cause to fix first; enter opens that finding', async () => {
    // Every node's BGP sessions to worker-2 are down, its calico-node is not ready: pod-to-pod fails,
    // new pods still get a network, and the BGP failure (not the agent) is what to fix.
    const { frame, press, ui } = await open('calico-bgp-down', width);
    const all = frame().split('\n');
    const lines = all.slice(all.findIndex((l) => l.startsWith('Can new pods get a network?')));
    expect(lines.length).toBeGreaterThan(5);
    expect(lines[0]).toMatch(/^Can new pods get a network\? +OK +No pod-network failures/);
    expect(lines[1]).toMatch(/^Can pods on different nodes reach each other\? +FAILING +3 of 3 nodes: Calico B/);
    expect(lines[2]).toMatch(/^Does DNS resolve\? +OK /);
    expect(lines[3]).toMatch(/^Is there IP space for new pods\? +OK /);
    expect(lines[4]).toBe('Fix first: #1 Calico BGP sessions are down — 3 of 3 nodes   (enter opens it)');
    fitsIn(frame(), width, 24);
    await press(KEY.enter);
    const detail = frame();
    expect(detail).toContain('Calico BGP sessions are down');
    expect(detail).toMatch(/4 BGP session\(s\) are not Established/);
    ui.unmount();
  });

  it('says there is nothing to fix first on a healthy cluster', async () => {
    const { frame, ui } = await open('healthy-flannel', width);
    const all = frame().split('\n');
    expect(all[all.findIndex((l) => l.startsWith('Can new pods get a network?')) + 4]).toBe('Fix first: nothing — no finding explains a failure or a risk above.');
    ui.unmount();
  });

  it('goes from a finding to the cited line of its evidence in two keystrokes, and back', async () => {
    const { frame, press, ui } = await open('calico-missing-portmap', width);
    await press(KEY.tab);
    expect(frame()).toMatch(/› ✖ CRIT root {2}CNI plugin binary "portmap" is missing/);
    await press(KEY.enter, KEY.enter);
    const evidence = frame();
    expect(evidence).toContain('nodes/worker-2/etc-cni-net.d/10-calico.conflist line 23');
    expect(evidence).toMatch(/23▶ {7}"type": "portmap",/);
    expect(evidence).toMatch(/20│/);
    fitsIn(evidence, width, 24);
    await press('j', 'j');
    expect(frame()).toMatch(/^22│/m);
    await press(KEY.esc);
    expect(frame()).toContain('Evidence (enter opens):');
    await press(KEY.down, KEY.enter);
    expect(frame()).toContain('nodes/worker-2/ls-opt-cni-bin.txt');
    await press(KEY.esc, KEY.esc);
    expect(frame()).toContain('4 finding(s)');
    ui.unmount();
  });

  it('marks root causes and symptoms, and searches with /', async () => {
    const { frame, press, ui } = await open('config-chaos', width);
    await press(KEY.tab);
    expect(frame()).toMatch(/✖ CRIT root {2}The API server refuses the CNI/);
    expect(frame()).toMatch(/✖ CRIT cause Calico agent/);
    await press('/', 'b', 'y', 't', 'e', '-', 'o', 'r', 'd', 'e', 'r');
    expect(frame()).toContain('search: byte-order');
    await press(KEY.enter);
    expect(frame()).toContain('1 finding(s) — search "byte-order"');
    await press(KEY.enter);
    expect(frame()).toContain('00-custom.conflist starts with a UTF-8 byte-order mark');
    ui.unmount();
  });

  it('filters the findings to a node chosen in the node table', async () => {
    const { frame, press, ui } = await open('config-chaos', width);
    await press(KEY.tab, KEY.tab);
    expect(frame()).toMatch(/NODE\s+READY\s+PODCIDR/);
    await press('j', 'j', 'j', 'j');
    expect(frame()).toMatch(/› worker-4/);
    await press(KEY.enter);
    const f = frame();
    expect(f).toContain('Findings › node worker-4');
    expect(f).toMatch(/finding\(s\) — node worker-4/);
    expect(f).toContain('A CNI config is empty or not readable');
    expect(f).not.toContain('byte-order');
    await press('n');
    expect(frame()).not.toContain('node worker-4');
    ui.unmount();
  });

  it('shows the timeline and cycles its reason filter', async () => {
    const { frame, press, ui } = await open('cilium-broken', width);
    await press(KEY.tab, KEY.tab, KEY.tab);
    expect(frame()).toMatch(/warning event\(s\)/);
    expect(frame()).toContain('FailedCreatePodSandBox');
    await press('f');
    expect(frame()).toMatch(/— reason BackOff/);
    expect(frame()).not.toContain('FailedCreatePodSandBox ×');
    ui.unmount();
  });

  it('lists every key in the help overlay', async () => {
    const { frame, press, ui } = await open('healthy-flannel', width);
    await press('?');
    const f = frame();
    for (const k of ['j k', 'enter', 'esc', 'tab', '/', '?', 'q']) expect(f).toContain(k);
    expect(f).toContain('Press any key to close this help.');
    await press('x');
    expect(frame()).toContain('Can new pods get a network? YES');
    ui.unmount();
  });

  it('never lets bundle text send control sequences to the terminal', async () => {
    const { frame, press, ui, report } = await open('hostile-content', width, 30);
    await press(KEY.tab);
    const agent = report.findings.findIndex((f) => f.ruleId === 'cni-agent-unhealthy');
    for (let i = 0; i < agent; i++) await press('j');
    await press(KEY.enter, 'j', 'j', KEY.enter);
    const f = frame();
    expect(f).toContain('logs/kube-system/calico-node-b7wqp/calico-node.previous.log line 2');
    // The long cited line wraps, so its end (with the hostile markup and escapes) is on screen as text.
    expect(f.replace(/\n\s*┆ /g, '')).toContain('<script>window.__pwned=1;alert(1)</script>');
    expect(f.replace(/\n\s*┆ /g, '')).toContain('\\x1b]8;;javascript:alert(1)\\x07click');
    expect(f).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    await press(KEY.esc, KEY.esc, KEY.tab);
    const nodes = frame();
    expect(nodes).toContain('evil<script>');
    expect(nodes).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    ui.unmount();
  });
});
