// Runs the TypeScript pillar worker under tsx (tests, benches), so they exercise the real worker
// thread and onnxruntime-node without a build.
require('tsx/cjs/api').register();
require('./pillarWorker.ts');
