// A Redis connection on node:net for the plugin's proxy_redis_call. The plugin already encodes each
// command as RESP and decodes the raw reply itself, so the connection only writes queries and cuts
// the byte stream back into whole replies, which Redis sends in order. Like Higress's async client
// it logs in (AUTH, SELECT) with what proxy_redis_init gave before the first command, and a broken
// or silent connection fails every command waiting on it (status 1, NetworkError).

import net from "node:net";

export interface RedisLogin {
  username: string;
  password: string;
  db: number;
  timeoutMs: number;
}

/** Status and raw reply as proxy_on_redis_call_response receives them. */
export type RedisOutcome = { status: 0; reply: Uint8Array } | { status: 1 };

interface Waiting {
  /** AUTH/SELECT sent by the connection itself: the reply is checked, not handed to the plugin. */
  command: string | null;
  resolve: (outcome: RedisOutcome) => void;
}

const CRLF = Buffer.from("\r\n");

/** The offset just past the RESP value starting at `at`, or -1 while it is incomplete. Throws on bytes that are not RESP. */
export function replyEnd(buffer: Buffer, at: number): number {
  if (at >= buffer.length) return -1;
  const lineEnd = buffer.indexOf(CRLF, at);
  if (lineEnd < 0) return -1;
  const type = String.fromCharCode(buffer[at]);
  const afterLine = lineEnd + 2;
  if (type === "+" || type === "-" || type === ":") return afterLine;
  if (type !== "$" && type !== "*") throw new Error(`unexpected RESP type byte 0x${buffer[at].toString(16)}`);
  const count = Number(buffer.toString("latin1", at + 1, lineEnd));
  if (!Number.isInteger(count) || count < -1) throw new Error(`malformed RESP length "${buffer.toString("latin1", at, lineEnd)}"`);
  if (type === "$") {
    if (count === -1) return afterLine;
    return buffer.length >= afterLine + count + 2 ? afterLine + count + 2 : -1;
  }
  let end = afterLine;
  for (let i = 0; i < count; i++) {
    end = replyEnd(buffer, end);
    if (end < 0) return -1;
  }
  return end;
}

function command(...args: string[]): Buffer {
  const parts = args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(`*${args.length}\r\n${parts.join("")}`);
}

export class RedisConnection {
  private socket: net.Socket | null = null;
  private received: Buffer = Buffer.alloc(0);
  private readonly waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: URL,
    private readonly login: RedisLogin,
    private readonly warn: (message: string) => void,
  ) {}

  /** Sends one raw RESP command; settles with its raw reply, or status 1 if the connection fails or times out. */
  send(query: Uint8Array): Promise<RedisOutcome> {
    const socket = this.socket ?? this.connect();
    return new Promise((resolve) => {
      this.waiting.push({ command: null, resolve });
      socket.write(query);
      this.armTimer();
    });
  }

  /** Closes the connection; commands still waiting fail. */
  close(): void {
    this.socket?.destroy();
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.url.hostname.replace(/^\[|\]$/g, ""), port: Number(this.url.port || 6379) });
    this.socket = socket;
    this.received = Buffer.alloc(0);
    socket.on("data", (data: Buffer) => this.onData(data));
    socket.on("error", (error) => this.warn(`redis ${this.url.host}: ${error.message}`));
    socket.on("close", () => this.onClose(socket));
    // A password in the URL is the local server's; otherwise log in as the plugin asked.
    const username = this.url.username !== "" ? decodeURIComponent(this.url.username) : this.login.username;
    const password = this.url.password !== "" ? decodeURIComponent(this.url.password) : this.login.password;
    if (password !== "") this.internal(socket, username !== "" ? command("AUTH", username, password) : command("AUTH", password), "AUTH");
    const db = this.url.pathname.length > 1 ? Number(this.url.pathname.slice(1)) : this.login.db;
    if (db > 0) this.internal(socket, command("SELECT", String(db)), "SELECT");
    return socket;
  }

  private internal(socket: net.Socket, bytes: Buffer, name: string): void {
    this.waiting.push({ command: name, resolve: () => {} });
    socket.write(bytes);
  }

  private armTimer(): void {
    if (this.timer !== null || this.waiting.length === 0) return;
    // Replies come in order, so the oldest command bounds the wait; past it the connection is
    // presumed dead and dropped, failing everything behind it too.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.warn(`redis ${this.url.host}: no reply within ${this.login.timeoutMs} ms, closing the connection`);
      this.socket?.destroy();
    }, this.login.timeoutMs);
  }

  private onData(data: Buffer): void {
    this.received = this.received.length === 0 ? data : Buffer.concat([this.received, data]);
    let at = 0;
    try {
      for (let end = replyEnd(this.received, at); end >= 0 && this.waiting.length > 0; end = replyEnd(this.received, at)) {
        const reply = this.received.subarray(at, end);
        at = end;
        const waiting = this.waiting.shift() as Waiting;
        if (waiting.command !== null && reply[0] === 0x2d) this.warn(`redis ${this.url.host}: ${waiting.command} failed: ${reply.toString("utf8").trim()}`);
        waiting.resolve({ status: 0, reply: new Uint8Array(reply) });
        if (this.timer !== null) clearTimeout(this.timer);
        this.timer = null;
      }
    } catch (error) {
      this.warn(`redis ${this.url.host}: ${(error as Error).message}`);
      this.socket?.destroy();
      return;
    }
    this.received = this.received.subarray(at);
    this.armTimer();
  }

  private onClose(socket: net.Socket): void {
    if (this.socket === socket) this.socket = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const waiting of this.waiting.splice(0)) waiting.resolve({ status: 1 });
  }
}
