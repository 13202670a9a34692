// Kubernetes label selector semantics (matchLabels AND matchExpressions).
import type { LabelSelectorRecord } from '../model/k8s.js';

export function matchesSelector(selector: LabelSelectorRecord, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(s: LabelSelectorRecord | undefined): boolean {
  return !!s && !Object.keys(s.matchLabels).length && !s.matchExpressions.length;
}

export function describeSelector(s: LabelSelectorRecord): string {
  const parts = [
    ...Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`),
    ...s.matchExpressions.map((e) => `${e.key} ${e.operator}${e.values.length ? ` (${e.values.join(',')})` : ''}`),
  ];
  return parts.length ? parts.join(', ') : '{} (all pods)';
}
