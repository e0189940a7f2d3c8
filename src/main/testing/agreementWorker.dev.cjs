// Runs the TypeScript agreement worker under tsx, so tests exercise the real worker thread
// without a build.
require('tsx/cjs/api').register();
require('../workers/agreementWorker.ts');
