// Node selection is a pure function of what the cluster Lists showed: troubled nodes first and
// always, then healthy ones for contrast up to --max-nodes, each with the reason it was chosen.
import { describe, expect, it } from 'vitest';
import { selectNodes, type NodeState } from '../src/collect/select-nodes.js';

const ready = (name: string): NodeState => ({ name, conditions: [{ type: 'Ready', status: 'True' }] });
const notReady = (name: string): NodeState => ({ name, conditions: [{ type: 'Ready', status: 'False' }] });

describe('selectNodes', () => {
  it('takes every troubled node, even past --max-nodes, then fills with healthy ones by name', () => {
    const nodes = [ready('w-3'), notReady('w-9'), ready('w-1'), ready('w-2'), { name: 'w-5', conditions: [{ type: 'Ready', status: 'True' }, { type: 'NetworkUnavailable', status: 'True' }] }];
    const agentPods = [{ nodeName: 'w-2', phase: 'Running', containers: [{ init: false, ready: false }] }, { nodeName: 'w-1', phase: 'Running', containers: [{ init: true, ready: false }, { init: false, ready: true }] }];
    const s = selectNodes({ nodes, agentPods, sandboxFailureNodes: ['w-9'], wanted: 'all', maxNodes: 4 });
    expect(s.selected).toEqual(['w-2', 'w-5', 'w-9', 'w-1']);
    expect(Object.fromEntries(s.reasons)).toEqual({ 'w-9': ['not-ready', 'sandbox-failures'], 'w-5': ['network-unavailable'], 'w-2': ['agent-not-ready'], 'w-1': ['contrast'] });
    expect(s.left).toEqual(['w-3']);

    const tight = selectNodes({ nodes, agentPods, sandboxFailureNodes: ['w-9'], wanted: 'all', maxNodes: 1 });
    expect(tight.selected).toEqual(['w-2', 'w-5', 'w-9']);
    expect(tight.left).toEqual(['w-1', 'w-3']);
  });

  it('says "selected" when nothing is troubled, and keeps to --nodes', () => {
    const s = selectNodes({ nodes: [ready('b'), ready('a'), ready('c')], agentPods: [], sandboxFailureNodes: [], wanted: ['c', 'a'], maxNodes: 50 });
    expect(s.selected).toEqual(['a', 'c']);
    expect(s.reasons.get('a')).toEqual(['selected']);
    expect(s.left).toEqual([]);
  });

  it('treats a node without a Ready condition as not ready (it has never reported)', () => {
    const s = selectNodes({ nodes: [{ name: 'new', conditions: [] }, ready('old')], agentPods: [], sandboxFailureNodes: [], wanted: 'all', maxNodes: 1 });
    expect(s.selected).toEqual(['new']);
    expect(s.reasons.get('new')).toEqual(['not-ready']);
  });
});
