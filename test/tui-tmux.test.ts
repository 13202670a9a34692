// The real CLI in a real pseudo-terminal (tmux): keys sent with send-keys, the screen read with
// capture-pane — including a hostile bundle whose text carries escape sequences.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, SAMPLES } from './helpers/bundles.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux && process.env.CI) throw new Error('tmux not found: .ci/run installs it with apt-get');
if (!hasTmux) console.warn('tui-tmux tests skipped: no tmux (apt-get install tmux)');

const SOCKET = `cni-doctor-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);

async function waitFor(session: string, what: RegExp | string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen(session);
    if (typeof what === 'string' ? last.includes(what) : what.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} on screen:\n${last}`);
}

function start(session: string, bundle: string, width = 100, height = 30) {
  const cmd = `node ${JSON.stringify(path.join(REPO, 'bin/cni-doctor.js'))} tui ${JSON.stringify(bundle)}; echo "EXIT=$?"; sleep 60`;
  tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', String(height), cmd);
}

const keys = async (session: string, ...k: string[]) => {
  for (const key of k) {
    tmux('send-keys', '-t', session, key);
    await new Promise((r) => setTimeout(r, 120));
  }
};

describe.skipIf(!hasTmux)('cni-doctor tui in tmux', () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  });

  it('shows triage, then the cited evidence line after tab, enter, enter; q quits with 0', async () => {
    start('portmap', path.join(SAMPLES, 'calico-missing-portmap'));
    await waitFor('portmap', 'Can new pods get a network? PARTLY');
    await keys('portmap', 'Tab');
    await waitFor('portmap', /› ✖ CRIT root {2}CNI plugin binary "portmap"/);
    await keys('portmap', 'Enter', 'Enter');
    const s = await waitFor('portmap', '23▶');
    expect(s).toMatch(/23▶ {7}"type": "portmap",/);
    expect(s).toContain('nodes/worker-2/etc-cni-net.d/10-calico.conflist line 23');
    await keys('portmap', 'Escape', 'Escape', '?');
    await waitFor('portmap', 'Press any key to close this help.');
    await keys('portmap', 'x', 'q');
    await waitFor('portmap', 'EXIT=0');
  });

  it('resizes live', async () => {
    start('resize', path.join(SAMPLES, 'config-chaos'), 80, 24);
    await waitFor('resize', 'Can new pods get a network?');
    await keys('resize', 'Tab');
    await waitFor('resize', 'finding(s)');
    const before = screen('resize');
    expect(before.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    tmux('resize-window', '-t', 'resize', '-x', '140', '-y', '40');
    const deadline = Date.now() + 10_000;
    let wide = before;
    while (Date.now() < deadline && !wide.split('\n').some((l) => [...l].length > 80)) {
      await new Promise((r) => setTimeout(r, 100));
      wide = screen('resize');
    }
    expect(wide.split('\n').some((l) => [...l].length > 80), wide).toBe(true);
    expect(wide.split('\n').length).toBeGreaterThan(24);
    await keys('resize', 'q');
    await waitFor('resize', 'EXIT=0');
  });

  it('shows escape sequences from a hostile bundle as text: the screen is not cleared, the title not set', async () => {
    start('hostile', path.join(SAMPLES, 'hostile-content'), 120, 30);
    const summary = await waitFor('hostile', 'NotReady nodes');
    expect(summary).toContain('evil<script>window.__pwned=1;alert(1)</script>');
    await keys('hostile', 'Tab', 'Enter', 'j', 'j', 'Enter');
    const s = await waitFor('hostile', 'calico-node.previous.log line 2');
    const joined = s.replace(/\n\s*┆ /g, '');
    expect(joined).toContain('<script>window.__pwned=1;alert(1)</script>');
    expect(joined).toContain('\\x1b[31m\\x1b]8;;javascript:alert(1)\\x07click');
    expect(tmux('display', '-p', '-t', 'hostile', '#{pane_title}').trim()).not.toContain('pwned');
    await keys('hostile', 'q');
    await waitFor('hostile', 'EXIT=0');
  });
});
