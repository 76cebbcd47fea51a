/**
 * The layer wall, checked by dependency-cruiser (`npm run lint:deps`, part of `npm test`):
 *   src/core   text in, findings and edits out: no `vscode`, no AWS SDK, nothing from the outer layers;
 *   src/aws    the AWS SDK behind the core's reader interface: never the editor;
 *   src/vscode the editor glue (with src/web, the only code that imports `vscode`);
 *   src/web    the browser build: no Node built-ins, none of the Node-only glue.
 * Import cycles are errors. The cycles that already existed when the wall went up are listed in
 * .dependency-cruiser-known-violations.json (regenerate with `npm run lint:deps:baseline` only when
 * removing cycles), so no new cycle can appear while the old ones are broken up.
 */
module.exports = {
  forbidden: [
    {
      name: 'core-no-vscode',
      comment: 'src/core runs in the CLI and in a worker thread: it must not import the vscode API.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^vscode$|(^|/)node_modules/@types/vscode/' },
    },
    {
      name: 'core-no-aws-sdk',
      comment: 'src/core is pure: AWS SDK calls live in src/aws behind the AwsNetworkReader interface.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '(^|/)node_modules/@aws-sdk/|(^|/)node_modules/@smithy/' },
    },
    {
      name: 'core-no-outer-layers',
      comment: 'src/core must not depend on the layers built on it (src/aws, src/vscode, src/cli, the entry points).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(aws|vscode|cli)/|^src/(cli|extension)\\.ts$' },
    },
    {
      name: 'aws-no-vscode',
      comment: 'src/aws is shared by the CLI and the editor: it must not import the editor layer or the vscode API.',
      severity: 'error',
      from: { path: '^src/aws/' },
      to: { path: '^src/vscode/|^vscode$|(^|/)node_modules/@types/vscode/|^src/extension\\.ts$' },
    },
    {
      name: 'cli-no-vscode',
      comment: 'The command-line checker runs without VS Code.',
      severity: 'error',
      from: { path: '^src/cli(/|\\.ts$)' },
      to: { path: '^src/vscode/|^vscode$|(^|/)node_modules/@types/vscode/|^src/extension\\.ts$' },
    },
    // Folder order inside src/core, so no folder cycle can form between these folders (type-only imports
    // count too: a folder cycle blurs what each folder is for even when it costs nothing at run time).
    //   aws-semantics  how AWS judges things (CIDR math, IAM policy evaluation, image classification, NACLs),
    //                  shared by the static and the live check: it imports nothing else from src/core;
    //   model          the configuration Terraform would build: never the checks built on it;
    //   live           the live check: only the outer layers import it (the static check shares aws-semantics).
    {
      name: 'aws-semantics-is-a-leaf',
      comment:
        'src/core/aws-semantics is shared ground under the static and the live check: it must not import any other part of src/core.',
      severity: 'error',
      from: { path: '^src/core/aws-semantics/' },
      to: { path: '^src/core/', pathNot: '^src/core/aws-semantics/' },
    },
    {
      name: 'model-not-to-checks',
      comment:
        'src/core/model is what the checks read; it must not import the checks (live, rules, fixes, plan). Shared AWS semantics belong in src/core/aws-semantics.',
      severity: 'error',
      from: { path: '^src/core/model/' },
      to: { path: '^src/core/(live|rules|fixes|plan)/' },
    },
    {
      name: 'live-only-from-outside-core',
      comment:
        'src/core/live is only the live check: the rest of src/core never imports it (shared AWS semantics belong in src/core/aws-semantics).',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '^src/core/live/' },
      to: { path: '^src/core/live/' },
    },
    {
      name: 'fixes-not-to-rules',
      comment:
        'src/core/fixes holds text edits and templates the rules use; it must not import the rules (a fix that needs the rule context lives in src/core/rules).',
      severity: 'error',
      from: { path: '^src/core/fixes/' },
      to: { path: '^src/core/rules/' },
    },
    {
      name: 'web-no-node',
      comment:
        "src/web runs in the browser (a web worker): no Node built-in; the core's own are replaced in the web bundle by src/web/node-shims (scripts/build.mjs checks the bundle).",
      severity: 'error',
      from: { path: '^src/web/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-no-node-glue',
      comment:
        'The browser build shares the editor glue, not the Node-only parts: the worker thread, the live check, the AWS SDK, the desktop entry points.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: {
        path: '^src/vscode/(analysis-service|analysis-worker|analysis-worker-client)\\.ts$|^src/vscode/verify/|^src/aws/|^src/(extension|live|load-live|cli)\\.ts$|(^|/)node_modules/@aws-sdk/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'src-no-tests',
      comment: 'Shipped code never imports test code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and layers blur; break them along the shared concept.',
      severity: 'error',
      from: { path: '^src/' },
      // Type-only imports vanish at compile time; a cycle through them is still a design smell but not a
      // load-order hazard, so only run-time cycles are errors.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^vscode$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|out|node_modules)/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
