// Bundles the compiled CLI (dist/cli/main.js, from tsc) and the parsing thread it starts
// (dist/analyze/list-worker.js) into dist/app/, the program bin/cni-doctor.js runs. Part of
// `npm run build` (so of `npm ci`, through "prepare").
//
// Why: Node's ES module loader costs ≈ 1 ms per module, and the CLI loads ≈ 250 (ours, zod's, and
// the rest) at every start, and the parsing thread ≈ 100 more each time it starts (once per big
// List). One file each: `cni-doctor --version` 0.39 → 0.23 s, and on the 150,000-pod bundle
// `analyze` 0.97× the wall time and 17 MB less peak (farm-bench, 5 pairs), reports byte-identical.
//
// Plain JavaScript so that it runs with nothing but Node and esbuild. Packages loaded only by some
// commands stay outside the bundle and are resolved from node_modules when first needed: the
// terminal view's ink and react (and ink's optional devtools), handlebars and jsonc-parser (loaded
// with createRequire), xz-decompress (its own loader).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = 'dist/app';
rmSync(outdir, { recursive: true, force: true });
await build({
  // Flat names: every output sits in dist/app/, so parallel-list's new URL('./list-worker.js',
  // import.meta.url) finds the worker from whichever chunk holds it.
  entryPoints: { main: 'dist/cli/main.js', 'list-worker': 'dist/analyze/list-worker.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ink', 'ink/*', 'react', 'react/*', 'react-devtools-core', 'handlebars', 'jsonc-parser', 'xz-decompress'],
  // CommonJS packages inside an ES module bundle call require() for Node's own modules.
  banner: { js: "import { createRequire as __cniDoctorRequire } from 'node:module'; const require = __cniDoctorRequire(import.meta.url);" },
  // For stack traces under CNI_DOCTOR_DEBUG (bin/cni-doctor.js turns source maps on then).
  sourcemap: 'linked',
  logLevel: 'warning',
});
