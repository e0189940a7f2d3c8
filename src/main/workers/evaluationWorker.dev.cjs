// Runs the TypeScript evaluation worker under tsx (tests), so they exercise the real worker thread without a build.
require('tsx/cjs/api').register();
require('./evaluationWorker.ts');
