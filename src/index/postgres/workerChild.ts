// A build worker process of the coordinator's own (`npm run index -- --store postgres --workers N`): helps build the
// work it is given until none of its batches is left, reports and exits. Workers elsewhere run `npm run index-worker`.
import { createEmbedder } from '../../embedding/embedder.ts';
import { helpBuilds, type WorkerChildMessage, type WorkerChildTask } from './workers.ts';

process.once('message', ({ url, config, workId }: WorkerChildTask) => {
  const send = (message: WorkerChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  createEmbedder(config)
    .then((embedder) => helpBuilds(url, config, embedder, { workId, log: (line) => void send({ log: line }) }))
    .then(
      (report): WorkerChildMessage => {
        const cpu = process.cpuUsage();
        return { done: report, cpuMs: (cpu.user + cpu.system) / 1_000 };
      },
      (error: unknown): WorkerChildMessage => ({ error: error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ') : String(error) }),
    )
    .then(send)
    .then(() => process.exit(0));
});
