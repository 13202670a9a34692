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
});
