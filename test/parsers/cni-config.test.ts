// CNI configs as runtimes see them: the real templates, BOM, CRLF, invalid JSON with line and column.
import { describe, expect, it } from 'vitest';
import { activeConfigName, parseCniConfig } from '../../src/parsers/cni-config.js';
import { realWorld } from '../helpers/bundles.js';

const cfg = (name: string, text: string | Buffer) => parseCniConfig(name, Buffer.isBuffer(text) ? text : Buffer.from(text));

describe('CNI config files', () => {
  it('lists every binary the flannel conflist needs, including its bridge/host-local delegates (flannel-io/flannel kube-flannel.yml)', () => {
    const c = cfg('10-flannel.conflist', realWorld('conflist-flannel-10-flannel.conflist'));
    expect(c.parseError).toBeUndefined();
    expect(c.plugins.map((p) => [p.type, p.role])).toEqual([
      ['flannel', 'plugin'],
      ['bridge', 'delegate'],
      ['host-local', 'delegate'],
      ['portmap', 'plugin'],
    ]);
    expect(c).toMatchObject({ name: 'cbr0', cniVersion: '0.3.1', isList: true, missingFields: [] });
  });

  it('finds plugin types with their line in the AWS conflist, including egress-cni\'s host-local IPAM', () => {
    const c = cfg('10-aws.conflist', realWorld('conflist-aws-vpc-cni-10-aws-template.conflist'));
    expect(c.plugins.map((p) => `${p.type}@${p.line}`)).toEqual(['aws-cni@8', 'egress-cni@18', 'host-local@24', 'portmap@33']);
    expect(c.placeholders).toContain('__VETHPREFIX__');
  });

  it('reports an unrendered Calico template ("mtu": __CNI_MTU__) as invalid JSON at its line and column', () => {
    const c = cfg('10-calico.conflist', realWorld('conflist-calico-10-calico-template.conflist'));
    expect(c.parseError).toMatchObject({ line: 11, column: 14 });
    expect(c.parseError!.message).toContain('__CNI_MTU__');
    expect(c.placeholders).toEqual(['__CNI_MTU__', '__KUBECONFIG_FILEPATH__', '__KUBERNETES_NODE_NAME__']);
  });

  it('says the truth about CRLF: it parses', () => {
    const c = cfg('10-flannel.conflist', realWorld('conflist-flannel-10-flannel.conflist').replace(/\n/g, '\r\n'));
    expect(c.parseError).toBeUndefined();
    expect(c.crlf).toEqual({ firstLine: 1, count: 19 });
  });

  it('says the truth about a BOM: libcni fails with invalid character ï', () => {
    const c = cfg('00-x.conflist', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"cniVersion":"0.3.1","name":"x","plugins":[{"type":"bridge"}]}')]));
    expect(c.bom).toBe('UTF-8');
    expect(c.parseError?.libcniMessage).toBe("invalid character 'ï' looking for beginning of value");
    expect(c.plugins.map((p) => p.type)).toEqual(['bridge']);
    expect(cfg('00-y.conflist', Buffer.from([0xff, 0xfe, 0x7b, 0x00])).parseError?.message).toContain('UTF-16');
  });

  it('reports a trailing comma with line and column, an empty file, and missing fields', () => {
    const c = cfg('10-a.conf', '{\n  "cniVersion": "0.4.0",\n  "name": "a",\n  "type": "bridge",\n}\n');
    expect(c.parseError).toMatchObject({ line: 5, column: 1 });
    expect(cfg('10-b.conflist', '').parseError?.libcniMessage).toBe('unexpected end of JSON input');
    expect(cfg('10-c.conf', '{"cniVersion":"0.4.0","name":"c"}').missingFields).toEqual(['type or plugins']);
  });

  it('picks the config runtimes use: the first .conf/.conflist/.json in byte order', () => {
    expect(activeConfigName(['10-calico.conflist', '10-aws.conflist', '05-cilium.conflist.cilium_bak', '99-loopback.conf'])).toBe('10-aws.conflist');
    expect(activeConfigName(['20-y.conflist', '100-x.conflist'])).toBe('100-x.conflist');
    expect(activeConfigName(['calico-kubeconfig'])).toBeUndefined();
  });
});
