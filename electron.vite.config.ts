import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';

export default defineConfig({
  main: {
    // Runtime dependencies stay in node_modules (better-sqlite3 is native); the CLI is built beside the shell.
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          convertWorker: resolve(__dirname, 'src/main/workers/convertWorker.ts'),
          agreementWorker: resolve(__dirname, 'src/main/workers/agreementWorker.ts'),
          modelWorker: resolve(__dirname, 'src/main/workers/modelWorker.ts'),
          clusterWorker: resolve(__dirname, 'src/main/workers/clusterWorker.ts'),
          revisionCheckWorker: resolve(__dirname, 'src/main/workers/revisionCheckWorker.ts'),
          pillarWorker: resolve(__dirname, 'src/main/workers/pillarWorker.ts'),
          evaluationWorker: resolve(__dirname, 'src/main/workers/evaluationWorker.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload can only require 'electron', so everything else is bundled in.
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
      chunkSizeWarningLimit: 2000,
    },
    plugins: [react()],
  },
});
