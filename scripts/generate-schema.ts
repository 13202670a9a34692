// Writes schema/report.schema.json from the zod Report schema.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reportJsonSchema } from '../src/model/report.js';

const file = path.resolve(import.meta.dirname, '../schema/report.schema.json');
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
