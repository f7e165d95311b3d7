// The synth thread's side of tools/synth-thread.ts: one request, one answer, then the thread ends.
import { parentPort } from "worker_threads";
import { EnvironmentConfig } from "../envs/schema";
import { synthesize } from "./synth";
import type { SynthReply } from "./synth-thread";

if (!parentPort) throw new Error("tools/synth-worker.ts runs on the synth thread (tools/synth-thread.ts)");
const port = parentPort;
port.once("message", (request: { envs: EnvironmentConfig[]; outdir: string | undefined }) => {
  let reply: SynthReply;
  try {
    reply = { outdir: synthesize(request.envs, request.outdir) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
  }
  port.postMessage(reply);
  port.close();
});
