// request-block: Higress's request-block plugin. Refuses a request whose path contains a keyword,
// equals a blocked path or matches a blocked pattern, whose headers contain a keyword, or whose
// body does, with a local reply of blocked_code and blocked_message. Config keys, validation,
// statuses and response details are the Go plugin's, quirks included (README.md lists them).

import {
  HttpContext,
  JsonResult,
  ParseConfig,
  ProcessRequestBody,
  ProcessRequestHeaders,
  SetCtx,
  decodeUtf8,
  encodeUtf8,
  proxywasm,
  strings,
  types,
} from "higress-as";
import { Regexp, lastCompileError } from "./regexp";

class RequestBlockConfig {
  blockedCode: u32 = 403;
  blockedMessage: string = "";
  caseSensitive: bool = false;
  blockUrls: string[] = [];
  blockExactUrls: string[] = [];
  blockRegExps: Regexp[] = [];
  blockHeaders: string[] = [];
  blockBodies: string[] = [];
}

// The non-empty strings of a list, lower-cased unless matching is case-sensitive. gjson's Array()
// turns a lone value into a one-element list, so `block_urls: "admin"` counts as ["admin"].
function rules(json: JsonResult, key: string, caseSensitive: bool): string[] {
  const out = new Array<string>();
  const items = json.Get(key).Array();
  for (let i = 0; i < items.length; i++) {
    const item = items[i].String();
    if (item.length == 0) continue;
    out.push(caseSensitive ? item : strings.ToLower(item));
  }
  return out;
}

function parseConfig(json: JsonResult, config: RequestBlockConfig): Error | null {
  const code = json.Get("blocked_code").Int();
  config.blockedCode = code > 100 && code < 600 ? <u32>code : 403;
  config.blockedMessage = json.Get("blocked_message").String();
  config.caseSensitive = json.Get("case_sensitive").Bool();
  config.blockUrls = rules(json, "block_urls", config.caseSensitive);
  config.blockExactUrls = rules(json, "block_exact_urls", config.caseSensitive);
  // Go lower-cases the pattern text itself, escapes included (so `\D` becomes `\d`); kept as is.
  const patterns = rules(json, "block_regexp_urls", config.caseSensitive);
  for (let i = 0; i < patterns.length; i++) {
    const compiled = Regexp.Compile(patterns[i]);
    if (compiled == null) return new Error("block_regexp_urls: " + lastCompileError);
    config.blockRegExps.push(compiled);
  }
  config.blockHeaders = rules(json, "block_headers", config.caseSensitive);
  config.blockBodies = rules(json, "block_bodies", config.caseSensitive);
  // Exact and regexp rules alone do not count: Go only looks at them when block_urls is set.
  if (config.blockUrls.length == 0 && config.blockHeaders.length == 0 && config.blockBodies.length == 0) {
    return new Error("there is no block rules");
  }
  return null;
}

function block(config: RequestBlockConfig, detail: string): types.Action {
  proxywasm.SendHttpResponseWithDetail(config.blockedCode, detail, null, encodeUtf8(config.blockedMessage), -1);
  return types.ActionPause;
}

function containsAny(text: string, keywords: string[]): bool {
  for (let i = 0; i < keywords.length; i++) {
    if (text.includes(keywords[i])) return true;
  }
  return false;
}

function onHttpRequestHeaders(ctx: HttpContext, config: RequestBlockConfig): types.Action {
  if (config.blockUrls.length > 0) {
    const path = proxywasm.GetHttpRequestHeader(":path");
    if (path == null) {
      ctx.log.Warnf("get path failed: %v", [errorText()]);
      return types.ActionContinue;
    }
    const url = config.caseSensitive ? path : strings.ToLower(path);
    for (let i = 0; i < config.blockExactUrls.length; i++) {
      if (url == config.blockExactUrls[i]) return block(config, "request-block.url_blocked.exact");
    }
    if (containsAny(url, config.blockUrls)) return block(config, "request-block.url_blocked.keyword");
    for (let i = 0; i < config.blockRegExps.length; i++) {
      if (config.blockRegExps[i].MatchString(url)) return block(config, "request-block.url_blocked.regexp");
    }
  }
  if (config.blockHeaders.length > 0) {
    const headers = proxywasm.GetHttpRequestHeaders();
    if (headers == null) {
      ctx.log.Warnf("get headers failed: %v", [errorText()]);
      return types.ActionContinue;
    }
    // One "name\nvalue" line per header, so a keyword can span a name and its value.
    const lines = new Array<string>(headers.length);
    for (let i = 0; i < headers.length; i++) lines[i] = headers[i].key + "\n" + headers[i].value;
    let joined = lines.join("\n");
    if (!config.caseSensitive) joined = strings.ToLower(joined);
    // Go reports header blocks with the body's detail; kept so access logs read the same.
    if (containsAny(joined, config.blockHeaders)) return block(config, "request-block.body_blocked");
  }
  if (config.blockBodies.length == 0) ctx.DontReadRequestBody();
  return types.ActionContinue;
}

function onHttpRequestBody(ctx: HttpContext, config: RequestBlockConfig, body: ArrayBuffer): types.Action {
  // Go matches the raw bytes; decodeUtf8 keeps invalid bytes from turning into pattern text.
  let text = decodeUtf8(body);
  if (!config.caseSensitive) text = strings.ToLower(text);
  if (containsAny(text, config.blockBodies)) return block(config, "request-block.body_blocked");
  return types.ActionContinue;
}

function errorText(): string {
  const err = proxywasm.LastError();
  return err != null ? err.message : "unknown";
}

SetCtx<RequestBlockConfig>("request-block", [
  ParseConfig<RequestBlockConfig>(parseConfig),
  ProcessRequestHeaders<RequestBlockConfig>(onHttpRequestHeaders),
  ProcessRequestBody<RequestBlockConfig>(onHttpRequestBody),
]);
