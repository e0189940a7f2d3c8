// Runs the TypeScript revision check worker under tsx (tests, benches), so they exercise the real
// worker thread without a build.
require('tsx/cjs/api').register();
require('./revisionCheckWorker.ts');
