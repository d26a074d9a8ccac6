// A worker thread of the index build: analyses each chunk of articles analyse.ts posts, and posts the analyses back.
import { parentPort } from 'node:worker_threads';
import { analyseArticle, type AnalysisJob } from './analyse.ts';

parentPort!.on('message', (jobs: AnalysisJob[]) => parentPort!.postMessage(jobs.map(analyseArticle)));
