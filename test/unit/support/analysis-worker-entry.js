// Loads the real analysis worker (src/vscode/analysis-worker.ts) in a worker thread under tsx, as the
// bundle dist/analysis-worker.js would be loaded in the editor. Used by test/unit/worker/analysis-worker-client.test.ts.
require('tsx/cjs');
require('../../../src/vscode/analysis-worker.ts');
