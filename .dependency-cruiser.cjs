// The layers of cni-doctor, checked by test/architecture.test.ts (and `npx depcruise src`).
// From the bottom: model → parsers → bundle → cni → redact / collect / serve / analyze → report / tui → cli.
// CONTRIBUTING.md draws the same picture.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Files must not import each other in a loop.', from: { path: '^src/' }, to: { circular: true } },
    { name: 'model-at-the-bottom', severity: 'error', comment: 'The model (Report, Kubernetes and CNI records) imports nothing of ours.', from: { path: '^src/model/' }, to: { path: '^src/', pathNot: '^src/model/' } },
    { name: 'parsers-read-text-only', severity: 'error', comment: 'Parsers turn text into model values; they know no bundle, no CNI, no analysis.', from: { path: '^src/parsers/' }, to: { path: '^src/', pathNot: '^src/(parsers|model)/' } },
    { name: 'bundle-is-the-contract', severity: 'error', comment: 'The bundle layer (layout, readers, writer, loose schemas) sits below everything that reads or writes bundles.', from: { path: '^src/bundle/' }, to: { path: '^src/', pathNot: '^src/(bundle|model|parsers)/' } },
    { name: 'cni-descriptors-are-data', severity: 'error', comment: 'A CNI descriptor imports the bundle contract, the parsers and the model, nothing above.', from: { path: '^src/cni/' }, to: { path: '^src/', pathNot: '^src/(cni|bundle|model|parsers)/' } },
    { name: 'only-analysis-imports-analysis', severity: 'error', comment: 'Collection, serve, redaction, renderers and the terminal view never depend on the diagnosis.', from: { path: '^src/', pathNot: '^src/(analyze|cli)/' }, to: { path: '^src/analyze/' } },
    { name: 'renderers-read-the-report', severity: 'error', comment: 'Renderers and the terminal view are functions of the Report (src/model) only.', from: { path: '^src/(report|tui)/' }, to: { path: '^src/', pathNot: '^src/(report|tui|model)/' } },
    { name: 'importers-map-layouts', severity: 'error', comment: 'An importer maps a foreign layout onto the bundle contract; it knows the contract, the model and the CNI descriptors, nothing above.', from: { path: '^src/import/' }, to: { path: '^src/', pathNot: '^src/(import|bundle|model|parsers|cni)/' } },
    { name: 'collect-serve-redact-apart', severity: 'error', comment: 'collect may use redact (it redacts as it writes); serve and redact do not use the collector, nor each other.', from: { path: '^src/(serve|redact)/' }, to: { path: '^src/(collect|serve|redact)/', pathNot: '^src/$1/' } },
    { name: 'rules-read-facts-not-files', severity: 'error', comment: 'Rules read the model and the facts, never bundle files or paths.', from: { path: '^src/analyze/rules/' }, to: { path: '^src/(bundle|collect|serve|redact|report|tui|cli)/' } },
    { name: 'a-rule-folder-holds-only-rules', severity: 'error', comment: 'A rule does not import another rule file; shared views belong in src/analyze/derived or facts.', from: { path: '^src/analyze/rules/[^/]+/' }, to: { path: '^src/analyze/rules/' } },
    { name: 'only-the-cli-runs-things', severity: 'error', comment: 'Only src/cli touches argv and exit codes; nothing imports it.', from: { path: '^src/', pathNot: '^src/cli/' }, to: { path: '^src/cli/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
