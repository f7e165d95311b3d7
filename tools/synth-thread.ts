// Synthesizes the stacks on a second thread while the main thread generates gitops/ and builds
// its manifests: the two are independent until the conformance report, and cdktf's synth is the
// larger half of a run. The thread (scripts/synth-thread.js) loads only cdktf, the providers and the
// stacks; the main thread never loads them. scripts/run-app.js starts it before the main thread
// loads the app, so both load at once; it serves one request: the validated envs in, the output
// folder out.
import { Worker } from "worker_threads";
import { EnvironmentConfig } from "../envs/schema";
import type { EnvStacksListener, EnvStacksWritten, synthesize as synthesizeHere } from "./synth";

/** What the thread answers (scripts/synth-thread.js): the output folder, or the error synth threw. */
export type SynthReply =
  | { readonly outdir: string }
  | { readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

/** What the thread says before its answer: an env's stacks are written. */
export interface SynthProgress {
  readonly written: EnvStacksWritten;
}

/** Where main.ts has its stacks synthesized: on the synth thread, or on its own thread. */
export interface Synthesizer {
  /** `onEnvWritten` hears of each env whose stacks are all written, before the synth has ended. */
  synthesize(
    envs: readonly EnvironmentConfig[],
    outdir: string | undefined,
    onEnvWritten?: EnvStacksListener,
  ): Promise<string>;
  /** Resolves once an asked synth has ended, whatever its outcome. */
  finished(): Promise<void>;
  /** Gives up a synth that will not be asked. */
  stop(): Promise<void>;
}

/** Synth on the calling thread, when it is asked (main.ts run directly: a plain cdktf app). */
export function onThisThread(synthesize: typeof synthesizeHere): Synthesizer {
  return {
    synthesize: async (envs, outdir, onEnvWritten) => synthesize(envs, outdir, onEnvWritten),
    finished: async () => undefined,
    stop: async () => undefined,
  };
}

/** A thread started before the app was loaded, with what befell it until the app took it over. */
export interface StartedThread {
  readonly worker: Worker;
  readonly failure?: Error;
  readonly exitCode?: number;
}

export class SynthThread implements Synthesizer {
  private readonly worker: Worker;

  /** The thread's one answer, or why there is none (it failed to load, or ended without one). */
  private readonly reply: Promise<string>;
  private asked = false;
  private onEnvWritten?: EnvStacksListener;

  constructor(started: StartedThread) {
    const worker = started.worker;
    this.worker = worker;
    let answer: SynthReply | undefined;
    const ended = (code: number, reject: (error: Error) => void) =>
      reject(new Error(`the synth thread ended (exit code ${code}) without an answer`));
    worker.on("message", (message: SynthReply | SynthProgress) => {
      if ("written" in message) this.onEnvWritten?.(message.written);
      else answer = message;
    });
    this.reply = new Promise<string>((resolve, reject) => {
      // What happened before this took the thread over (nothing can happen in between).
      if (started.failure) return reject(started.failure);
      if (started.exitCode !== undefined) return ended(started.exitCode, reject);
      worker.once("error", reject);
      // The thread ends by itself after its answer, writing its code cache on the way out.
      worker.once("exit", (code) => {
        if (!answer) ended(code, reject);
        else if ("outdir" in answer) resolve(answer.outdir);
        else reject(Object.assign(new Error(answer.error.message), answer.error));
      });
    });
    // Read when asked; a thread never asked may fail unobserved.
    this.reply.catch(() => undefined);
    // Until asked, the thread does not keep the process alive: a run that stops early (an invalid
    // env) ends without waiting for it to load. (After the listeners: adding one refs the worker.)
    worker.unref();
  }

  synthesize(
    envs: readonly EnvironmentConfig[],
    outdir: string | undefined,
    onEnvWritten?: EnvStacksListener,
  ): Promise<string> {
    if (this.asked) throw new Error("a synth thread serves one request");
    this.asked = true;
    this.onEnvWritten = onEnvWritten;
    this.worker.ref();
    this.worker.postMessage({ envs, outdir });
    return this.reply;
  }

  async finished(): Promise<void> {
    if (this.asked) await this.reply.catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (!this.asked) await this.worker.terminate();
  }
}
