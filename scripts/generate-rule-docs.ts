// Writes docs/rules/<id>.md and docs/rules/README.md from the rule metadata.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ruleDoc, rulesIndex } from '../src/analyze/rule-docs.js';
import { RULES } from '../src/analyze/rules/index.js';

const dir = path.resolve(import.meta.dirname, '../docs/rules');
mkdirSync(dir, { recursive: true });
for (const rule of RULES) writeFileSync(path.join(dir, `${rule.meta.id}.md`), ruleDoc(rule));
writeFileSync(path.join(dir, 'README.md'), rulesIndex());
console.log(`wrote ${RULES.length} rule pages to ${path.relative(process.cwd(), dir)}`);
