import { Worker } from 'node:worker_threads';
import type { InvokeMessage, SerializedError, WorkerBoot, WorkerMessage } from './worker-protocol';

export type InvokeOutcome =
  { ok: true; value: unknown } | { ok: false; error: SerializedError; timedOut?: boolean };

/**
 * Lambda gives init 10 s (then retries it within the invocation's timeout). Locally a cold start
 * also loads a fresh multi-megabyte bundle on a machine busy with builds and tests, so init gets
 * a minute before the invocation fails: a slow laptop is not a broken function.
 */
export const INIT_TIMEOUT_MS = 60_000;

/**
 * One instance of a function (a Lambda execution environment): a worker thread with the
 * function's own environment, its handler loaded once, running one invocation at a time. A
 * timeout or a crash ends the instance, as Lambda does with the sandbox.
 */
export class FunctionInstance {
  private pending?: { requestId: string; settle: (outcome: InvokeOutcome) => void };
  private alive = true;

  private constructor(
    private readonly worker: Worker,
    readonly bundleVersion: number,
    readonly initMs: number,
  ) {
    worker.on('message', (message: WorkerMessage) => {
      if (
        (message.type === 'result' || message.type === 'error') &&
        this.pending?.requestId === message.requestId
      ) {
        const { settle } = this.pending;
        this.pending = undefined;
        settle(
          message.type === 'result'
            ? { ok: true, value: message.value }
            : { ok: false, error: message.error },
        );
      }
    });
    const die = (error: SerializedError): void => {
      this.alive = false;
      const pending = this.pending;
      this.pending = undefined;
      pending?.settle({ ok: false, error });
    };
    worker.on('error', (error) =>
      die({
        errorType: 'Runtime.UnhandledError',
        errorMessage: error instanceof Error ? error.message : String(error),
      }),
    );
    worker.on('exit', (code) =>
      die({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with code ${code}` }),
    );
  }

  static async start(options: {
    runtimeFile: string;
    bundleFile: string;
    bundleVersion: number;
    handlerName: string;
    env: Record<string, string>;
    /** Receives each line the function prints. */
    onOutput: (line: string) => void;
  }): Promise<FunctionInstance> {
    const boot: WorkerBoot = { bundleFile: options.bundleFile, handlerName: options.handlerName };
    const worker = new Worker(options.runtimeFile, {
      workerData: boot,
      env: options.env,
      stdout: true,
      stderr: true,
    });
    pipeLines(worker.stdout, options.onOutput);
    pipeLines(worker.stderr, options.onOutput);
    const first = await new Promise<WorkerMessage | SerializedError>((resolve) => {
      const timer = setTimeout(
        () =>
          resolve({
            errorType: 'Runtime.InitTimeout',
            errorMessage: `Init did not finish within ${INIT_TIMEOUT_MS / 1000} s`,
          }),
        INIT_TIMEOUT_MS,
      );
      const done = (value: WorkerMessage | SerializedError): void => {
        clearTimeout(timer);
        resolve(value);
      };
      worker.once('message', (m: WorkerMessage) => done(m));
      worker.once('error', (e) =>
        done({ errorType: 'Runtime.InitError', errorMessage: e.message }),
      );
      worker.once('exit', (code) =>
        done({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with code ${code}` }),
      );
    });
    if ('type' in first && first.type === 'ready') {
      return new FunctionInstance(worker, options.bundleVersion, first.initMs);
    }
    await worker.terminate();
    const error =
      'errorType' in first ? first : first.type === 'init-error' ? first.error : undefined;
    throw Object.assign(new Error(error?.errorMessage ?? 'Init failed'), {
      name: error?.errorType ?? 'Runtime.InitError',
    });
  }

  get usable(): boolean {
    return this.alive;
  }

  /** Runs one invocation; a timeout terminates the instance (the next invocation starts cold). */
  invoke(message: InvokeMessage, timeoutMs: number): Promise<InvokeOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.alive = false;
        void this.worker.terminate();
        resolve({
          ok: false,
          timedOut: true,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
          },
        });
      }, timeoutMs);
      this.pending = {
        requestId: message.requestId,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.worker.postMessage(message);
    });
  }

  async stop(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}

function pipeLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    lines.filter((line) => line.trim()).forEach(onLine);
  });
  stream.on('end', () => buffered && onLine(buffered));
}
