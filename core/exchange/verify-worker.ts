/**
 * The worker thread of verify-on-worker.ts: preverifies the bundle texts it is sent and posts
 * back, per text, whether it passed. It opens no database and no file.
 */
import { parentPort } from 'node:worker_threads';
import { preverify } from './verify-all';

export interface VerifyRequest {
  id: number;
  texts: string[];
}
export type VerifyReply = { ready: true } | { id: number; results: boolean[] };

parentPort?.on('message', (request: VerifyRequest) => {
  const reply: VerifyReply = { id: request.id, results: request.texts.map((t) => preverify(t)) };
  parentPort?.postMessage(reply);
});
// Loaded and listening: work is sent only now; until then the main thread does it itself.
parentPort?.postMessage({ ready: true } satisfies VerifyReply);
