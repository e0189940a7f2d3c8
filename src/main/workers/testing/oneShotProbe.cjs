// A worker thread whose behaviour the runOneShotWorker test chooses: answer, fail, exit, or wait to be cancelled.
const { parentPort, workerData } = require('node:worker_threads');
const { setInterval } = require('node:timers');
const { behaviour, steps } = workerData;
for (let done = 1; done <= steps; done++) parentPort.postMessage({ type: 'progress', done, total: steps });
if (behaviour === 'answer') parentPort.postMessage({ type: 'result', value: steps * 2 });
else if (behaviour === 'fail') parentPort.postMessage({ type: 'error', message: 'the probe was told to fail' });
else if (behaviour === 'exit') process.exit(3);
else if (behaviour === 'throw') throw new Error('the probe threw');
else if (behaviour === 'wait') setInterval(() => {}, 1000);
