// Reports archive entries the reader refused: absolute paths, "..", links, devices.
// https://owasp.org/www-community/attacks/Path_Traversal
import { listNames } from '../../facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  meta: {
    id: 'bundle-unsafe-entry',
    title: 'The bundle contains unsafe entries',
    area: 'bundle',
    severity: 'medium',
    urgency: null,
    answers: null,
    description: 'Tar entries (or directory entries) rejected as unsafe: absolute paths, paths with "..", symbolic or hard links, devices and FIFOs. They are never followed or read.',
    rationale: 'A support bundle never needs them; their presence means the archive was not made by a collector, was tampered with, or was made by a tool that archives links.',
    evidence: 'The rejected entry names (they are archive entries, not readable files).',
    actions: [{ title: 'Ask for a bundle made by `cni-doctor collect`, or re-pack it without links (tar --dereference)', commands: ['tar -tvzf <bundle.tar.gz> | grep -E "^[lhcbp]|\\.\\./|^/"'], risk: 'safe' }],
    docs: ['https://owasp.org/www-community/attacks/Path_Traversal'],
  },
  requires: [],
  check(ctx) {
    const rejected = ctx.data.rejected;
    if (!rejected.length) return [];
    return [
      {
        scope: { kind: 'bundle', names: rejected.map((r) => r.path).slice(0, 50), text: `${rejected.length} entr${rejected.length === 1 ? 'y' : 'ies'}` },
        summary: `${rejected.length} archive entr${rejected.length === 1 ? 'y was' : 'ies were'} rejected and not read: ${listNames(rejected.map((r) => `"${r.path}" (${r.reason})`), 4)}.`,
        evidence: rejected.slice(0, 5).map((r) => ({ file: r.path, note: `rejected: ${r.reason}` })),
      },
    ];
  },
});
