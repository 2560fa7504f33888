// A thread of `seed` (bench/seed.ts): seeds its shard of the articles and reports progress.
import { parentPort, workerData } from 'node:worker_threads';
import { seedShard, type ShardJob } from './seed.js';

seedShard(workerData as ShardJob, (done) => {
  parentPort?.postMessage(done);
});
