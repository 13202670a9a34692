// The single-file HTML report: Handlebars templates from templates/, rendered by a private, strict
// instance with default escaping; the view-model is built in TypeScript. Inline CSS and script only,
// under a Content-Security-Policy that allows nothing but that one script (by hash), so the page
// fetches nothing when it opens and injected markup could not run even if it got through.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import type { Report } from '../../model/report.js';
import { htmlViewModel } from './view-model.js';

/**
 * The package's templates/: three levels above this module in src/ and in tsc's dist/, two above the
 * bundled CLI in dist/app/ (scripts/bundle.mjs). The nearest one up is it.
 */
function templatesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here, up = 0; up <= 3; up++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'templates');
    if (existsSync(path.join(candidate, 'report.html.hbs'))) return candidate;
  }
  throw new Error(`the HTML templates (templates/report.html.hbs) are not in the package above ${here}: reinstall cni-doctor`);
}

interface Compiled {
  render: Handlebars.TemplateDelegate;
  scriptHash: string;
}

let compiled: Compiled | undefined;

function compile(): Compiled {
  // Loaded on the first HTML render, not when the CLI starts: every other command and format would
  // pay ≈ 50 ms for it (handlebars and source-map, 47 modules).
  const hbs = (createRequire(import.meta.url)('handlebars') as typeof Handlebars).create();
  const templates = templatesDir();
  const partialsDir = path.join(templates, 'partials');
  for (const file of readdirSync(partialsDir).sort()) {
    if (file.endsWith('.hbs')) hbs.registerPartial(file.slice(0, -4), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  const script = readFileSync(path.join(partialsDir, 'script.hbs'), 'utf8');
  const render = hbs.compile(readFileSync(path.join(templates, 'report.html.hbs'), 'utf8'), {
    strict: true,
    knownHelpersOnly: true,
    // Prototype access stays off (Handlebars' default since 4.6); stated so it cannot be flipped silently.
    preventIndent: true,
  });
  return { render, scriptHash: `sha256-${createHash('sha256').update(script).digest('base64')}` };
}

export function renderHtml(report: Report): string {
  compiled ??= compile();
  return compiled.render(
    { view: htmlViewModel(report), scriptHash: compiled.scriptHash },
    { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false },
  );
}
