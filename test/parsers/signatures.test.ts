// The signature catalogue as a whole: every signature recognises its own example, as a log line
// (through the pre-filter that keeps most lines away from the catalogue) and as an event message,
// and no earlier signature claims it first. A signature whose words the pre-filter lacks never
// matched a log at all (KR-01 did not, until this test).
import { describe, expect, it } from 'vitest';
import { SIGNATURES, matchLogLine, matchSignature } from '../../src/parsers/signatures.js';

describe('signature catalogue', () => {
  it('has unique ids', () => {
    const ids = SIGNATURES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(SIGNATURES.map((s) => [s.id, s] as const))('%s matches its example as a log line and as a message', (id, s) => {
    expect(s.example.length).toBeGreaterThan(10);
    expect(s.pattern.test(s.example)).toBe(true);
    expect(matchSignature(s.example)?.signature.id).toBe(id);
    expect(matchLogLine(s.example)?.signature.id).toBe(id);
  });

  it('lets ordinary log lines through without a match', () => {
    for (const line of ['I1127 09:01:04.211804       1 version.go:66] Running /usr/local/bin/kube-router version v2.1.3', '[INFO] 10.244.1.5:43210 - 1234 "A IN kubernetes.default.svc.cluster.local. udp 54 false 512" NOERROR qr,aa,rd 106 0.000123s', '2024-03-01 10:00:00.000 [INFO][90] felix/int_dataplane.go 1234: Finished applying updates to dataplane.']) {
      expect(matchLogLine(line)).toBeUndefined();
    }
  });

  // A signature's pattern runs on every kept event message and every pre-filtered log line, both as
  // long as a bundle makes them: one that backtracks quadratically (MU-03 did: 360 ms on a 20 KB
  // message) turns a hostile events.json into hours. 64 KB of each shape that feeds a greedy class;
  // a linear pattern takes well under a millisecond on each, a quadratic one seconds.
  it.each(SIGNATURES.map((s) => [s.id, s] as const))('%s stays linear on 64 KB lines built to make a pattern backtrack', (_id, s) => {
    const n = 64 * 1024;
    const units = ['x', 'a/', ' ', '"', '[', 'a:', 'a/b:c ', '1', '1.', 'a=', 'a-', ']: ', "'"];
    for (const unit of units) {
      const run = unit.repeat(Math.ceil(n / unit.length));
      for (const line of [run, `${s.example}${run}`, `${run}${s.example}`]) {
        const started = performance.now();
        matchSignature(line);
        expect(performance.now() - started, `${JSON.stringify(unit)} × ${run.length}`).toBeLessThan(1000);
      }
    }
  });

  it('MU-03 finds what its pattern finds, on messages that vary every part of it', () => {
    const mu03 = SIGNATURES.find((s) => s.id === 'MU-03')!;
    const parts = {
      before: ['', 'CNI request failed with status 400: \'', 'x [', 'Multus: error adding pod to network "a": early; then ', 'a]: error adding container to network "n": no head here; '],
      pod: ['telco/upf-0', 'ns/p/6b0c9e2a-1d4f', 'a[b/c', 'ns/p/uid', '/p', 'ns/', 'ns p/q'],
      network: [':sriov-net', ':a:b', '', ':n]x'],
      after: [']: error adding container to network "sriov-net": SRIOV-CNI failed', ']: error adding container to network "": x', ']: error adding container to network "n": ', ']: error adding container to network "n": e\nnext line', ' and then Multus: error adding pod to network "late": boom'],
    };
    let compared = 0;
    let matched = 0;
    for (const before of parts.before)
      for (const open of ['', '['])
        for (const pod of parts.pod)
          for (const network of parts.network)
            for (const after of parts.after) {
              const text = `${before}${open}${pod}${network}${after}`;
              const expected = mu03.pattern.exec(text);
              const got = mu03.find!(text);
              expect(got && { match: got[0], index: got.index, groups: { ...got.groups } }, text).toEqual(expected && { match: expected[0], index: expected.index, groups: { ...expected.groups } });
              compared++;
              if (expected) matched++;
            }
    // Both outcomes were exercised, many times each.
    expect(compared).toBe(5 * 2 * 7 * 4 * 5);
    expect(matched).toBeGreaterThan(100);
    expect(compared - matched).toBeGreaterThan(50);
  });
});
