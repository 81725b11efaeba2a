// Starts the real Huddle server binary for browser tests (fresh data dir, port 0) and stops it again.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
const defaultBinary = path.join(repoRoot, 'build/bin/huddle');

/**
 * Runs `huddle --bind 127.0.0.1 --port 0 ...` and resolves once it printed "listening on http(s)://127.0.0.1:PORT".
 * Returns {port, baseUrl, dataDir, stderr(), stop({keepData})}.
 * `port` and `dataDir` restart a server where a stopped one was (same address, same journal).
 * `scenariosDir` serves other scenario scripts than the bundled ones (default: <repo>/scenarios).
 */
export async function startServer({
  port: wantedPort = 0,
  dataDir: reuseDir = null,
  scenariosDir = path.join(repoRoot, 'scenarios'),
  extraArgs = [],
} = {}) {
  const binary = process.env.HUDDLE_BIN || defaultBinary;
  const dataDir = reuseDir ?? (await mkdtemp(path.join(tmpdir(), 'huddle-browser-')));
  const args = [
    '--bind', '127.0.0.1',
    '--port', String(wantedPort),
    '--scenarios', scenariosDir,
    '--web', path.join(repoRoot, 'client-web'),
    '--data', dataDir,
    '--log-level', 'warn',
    ...extraArgs,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  // Every stdout line is read (so the pipe never fills); the "listening on" one gives the port.
  const lines = readline.createInterface({ input: child.stdout });
  let scheme = 'http';
  const port = await new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /listening on (https?):\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (match) {
        scheme = match[1];
        resolve(Number(match[2]));
      }
    });
    child.once('error', (error) => reject(new Error(`cannot start ${binary}: ${error.message}`)));
    exited.then(({ code, signal }) =>
      reject(new Error(`${binary} exited before listening (code ${code}, signal ${signal})\n${stderr}`)),
    );
  }).catch(async (error) => {
    if (!reuseDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  });

  let stopping = null;
  const stop = ({ keepData = false } = {}) => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const result = await exited;
      lines.close();
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
      return result;
    })();
    return stopping;
  };

  // kill -9: no shutdown at all, as in a crash or an OOM kill. The data folder stays.
  const crash = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    lines.close();
  };

  return { port, baseUrl: `${scheme}://127.0.0.1:${port}`, dataDir, stderr: () => stderr, stop, crash };
}
