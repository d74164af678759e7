// response-rewrite: replaces every occurrence of `from` with `to` in response bodies, and keeps
// content-length true to the body the client gets. Two ways, chosen by `buffered`:
//
// - streaming (default, ProcessStreamingResponseBody): each chunk goes on as soon as it is
//   rewritten, so memory stays flat on large bodies. The new length is not known when the headers
//   leave, so content-length is removed (the response is sent chunked) unless `from` and `to`
//   have the same length in bytes.
// - buffered (ProcessResponseBody): the headers wait for the whole body, which is rewritten at
//   once and gets its exact new content-length. Simpler, but the whole body sits in memory and
//   the client sees nothing before the last byte arrives.
//
// Compressed bodies are passed through untouched: the bytes on the wire are not the text.

import {
  HttpContext,
  JsonResult,
  ParseConfig,
  ProcessResponseBody,
  ProcessResponseHeaders,
  ProcessStreamingResponseBody,
  SetCtx,
  asciiToLower,
  encodeUtf8,
  proxywasm,
  types,
} from "higress-as";

// The bytes of a chunk's end that could be the start of a match completed by the next chunk.
const PENDING = "response-rewrite.pending";

class RewriteConfig {
  from: Uint8Array = new Uint8Array(0);
  to: Uint8Array = new Uint8Array(0);
  buffered: bool = false;
}

function parseConfig(json: JsonResult, config: RewriteConfig): Error | null {
  const from = json.Get("from").String();
  if (from.length == 0) return new Error("from: the text to replace is required");
  // Matching runs on UTF-8 bytes: a chunk boundary may split a character, never a valid needle.
  config.from = Uint8Array.wrap(encodeUtf8(from));
  config.to = Uint8Array.wrap(encodeUtf8(json.Get("to").String()));
  config.buffered = json.Get("buffered").Bool();
  return null;
}

function onHttpResponseHeaders(ctx: HttpContext, config: RewriteConfig): types.Action {
  const encoding = proxywasm.GetHttpResponseHeader("content-encoding");
  // An encoding token is ASCII: lower-casing only ASCII spares the plugin Unicode case tables.
  if (encoding != null && encoding.length > 0 && asciiToLower(encoding) != "identity") {
    ctx.DontReadResponseBody();
    return types.ActionContinue;
  }
  // A response without a body (a HEAD reply, a 204) ends with its headers: holding them for a body
  // that never comes would hang the request.
  if (config.buffered && ctx.HasResponseBody()) {
    ctx.BufferResponseBody();
    // Hold the headers back until the body is rewritten, so its length can still be set.
    return types.HeaderStopIteration;
  }
  if (config.from.length != config.to.length) proxywasm.RemoveHttpResponseHeader("content-length");
  return types.ActionContinue;
}

function onStreamingResponseBody(ctx: HttpContext, config: RewriteConfig, chunk: ArrayBuffer, isLastChunk: bool): ArrayBuffer {
  const pending = ctx.GetByteSliceContext(PENDING, new ArrayBuffer(0));
  const data = new Uint8Array(pending.byteLength + chunk.byteLength);
  data.set(Uint8Array.wrap(pending), 0);
  data.set(Uint8Array.wrap(chunk), pending.byteLength);
  const out = new Rewrite(config);
  const end = out.scan(data);
  // Fewer bytes than `from` are left: hold them for the next chunk unless this is the last.
  const rest = data.slice(end);
  if (isLastChunk) {
    out.append(rest);
    ctx.SetContext<ArrayBuffer>(PENDING, new ArrayBuffer(0));
  } else {
    ctx.SetContext<ArrayBuffer>(PENDING, rest.buffer);
  }
  return out.result();
}

function onResponseBody(ctx: HttpContext, config: RewriteConfig, body: ArrayBuffer): types.Action {
  const data = Uint8Array.wrap(body);
  const out = new Rewrite(config);
  out.append(data.slice(out.scan(data)));
  const rewritten = out.result();
  proxywasm.ReplaceHttpResponseBody(rewritten);
  proxywasm.ReplaceHttpResponseHeader("content-length", rewritten.byteLength.toString());
  return types.ActionContinue;
}

// Builds the rewritten bytes in one growing buffer.
class Rewrite {
  private bytes: Uint8Array;
  private length: i32 = 0;

  constructor(private config: RewriteConfig) {
    this.bytes = new Uint8Array(64);
  }

  // Copies `data` with every match replaced, up to where a match could still begin but not end;
  // returns that position.
  scan(data: Uint8Array): i32 {
    const from = this.config.from;
    const n = from.length;
    let i = 0;
    let copied = 0;
    while (i + n <= data.length) {
      if (matchesAt(data, i, from)) {
        this.append(data.subarray(copied, i));
        this.append(this.config.to);
        i += n;
        copied = i;
      } else {
        i++;
      }
    }
    this.append(data.subarray(copied, i));
    return i;
  }

  append(part: Uint8Array): void {
    const needed = this.length + part.length;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(max(needed, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length), 0);
      this.bytes = grown;
    }
    this.bytes.set(part, this.length);
    this.length = needed;
  }

  result(): ArrayBuffer {
    return this.bytes.slice(0, this.length).buffer;
  }
}

function matchesAt(data: Uint8Array, at: i32, needle: Uint8Array): bool {
  for (let j = 0; j < needle.length; j++) {
    if (unchecked(data[at + j]) != unchecked(needle[j])) return false;
  }
  return true;
}

SetCtx<RewriteConfig>("response-rewrite", [
  ParseConfig<RewriteConfig>(parseConfig),
  ProcessResponseHeaders<RewriteConfig>(onHttpResponseHeaders),
  ProcessStreamingResponseBody<RewriteConfig>(onStreamingResponseBody),
  ProcessResponseBody<RewriteConfig>(onResponseBody),
]);
