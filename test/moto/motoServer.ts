/**
 * Starts and stops a real `moto_server` on a free loopback port for tests and the bench.
 * moto 5.2.1 speaks the EC2, ECS and IAM HTTP APIs, so the SDK code in src/aws runs for real against it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  /** Forgets every resource (POST /moto-api/reset), for the next scenario. */
  reset(): Promise<void>;
  /** Stops the server process (by its pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of `startMotoServer`. */
export interface MotoServerOptions {
  /** The executable (default `moto_server`, or MOTO_SERVER_BIN). */
  command?: string;
  /** Milliseconds to wait for the port (default 30000). */
  startTimeoutMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function isAnswering(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts moto_server with AWS-managed IAM policies loaded; rejects with a clear message when it cannot. */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  const command = options.command ?? process.env.MOTO_SERVER_BIN ?? 'moto_server';
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + (options.startTimeoutMs ?? 30000);
  for (;;) {
    const failed = await Promise.race([spawnError, new Promise<null>((resolve) => setTimeout(() => resolve(null), 200))]);
    if (failed) {
      throw new Error(`Cannot start ${command}: ${failed.message}. Install moto with its server extras: pip install "moto[server]==5.2.1"`);
    }
    if (child.exitCode !== null) throw new Error(`${command} exited with code ${child.exitCode} before listening:\n${stderrTail}`);
    if (await isAnswering(endpoint)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${command} did not answer on ${endpoint} within ${options.startTimeoutMs ?? 30000} ms:\n${stderrTail}`);
    }
  }
  return {
    endpoint,
    port,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
      await response.arrayBuffer();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      }
    },
  };
}
