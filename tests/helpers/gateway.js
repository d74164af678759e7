// Runs `higress-as serve` as a user would (the CLI in a child process) and talks to it with Node's
// HTTP client, loopback only. Every wait is bounded so a broken gateway fails a test instead of
// hanging it.
import { spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/higress-as.js", import.meta.url));
const WAIT_MS = 30_000;

/**
 * Starts the gateway on a free loopback port; resolves once it printed its address. `bin` is the
 * higress-as to run: the repository's, or a project's installed one run from the project (`cwd`).
 */
export function startGateway(args, { bin = BIN, cwd } = {}) {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  const waiters = [];
  let pending = "";
  const onText = (text) => {
    pending += text;
    const parts = pending.split("\n");
    pending = parts.pop();
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) waiter(line);
    }
  };
  child.stdout.setEncoding("utf8").on("data", onText);
  child.stderr.setEncoding("utf8").on("data", onText);
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));

  /** Resolves with the first line (already printed or to come) matching `pattern`. */
  const waitForLine = (pattern) =>
    new Promise((resolve, reject) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return resolve(seen);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(check), 1);
        reject(new Error(`gateway never printed ${pattern}; it printed:\n${lines.join("\n")}`));
      }, WAIT_MS);
      const check = (line) => {
        if (!pattern.test(line)) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(check), 1);
        resolve(line);
      };
      waiters.push(check);
      exited.then((code) => {
        if (waiters.includes(check)) {
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`gateway exited (${code}) before printing ${pattern}:\n${lines.join("\n")}`));
        }
      });
    });

  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    return exited;
  };
  return waitForLine(/listening on (http:\/\/\S+),/).then(
    (line) => ({ url: line.match(/listening on (http:\/\/\S+),/)[1], lines, waitForLine, stop, exited }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/** One request without connection reuse; resolves with status, headers and the body as text. */
export function request(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(WAIT_MS, () => req.destroy(new Error(`no answer from ${url} within ${WAIT_MS} ms`)));
    req.end(body);
  });
}

/** An HTTP server on a free loopback port. */
export async function startServer(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port nobody listens on right now (for a server the test starts itself, e.g. redis-server). */
export async function freePort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `condition()` resolves truthy, trying at most `tries` times; throws with `what` otherwise. */
export async function eventually(what, condition, tries = 200) {
  for (let i = 0; i < tries; i++) {
    const value = await condition();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not happen after ${tries} tries`);
}
