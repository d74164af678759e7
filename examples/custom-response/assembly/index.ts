// custom-response: Higress's custom-response plugin. Answers every request with a configured
// reply, or replaces the upstream's reply when its status matches `enable_on_status` (exactly, or
// by a pattern such as "4xx"). Config keys, validation, statuses, headers and the response detail
// are the Go plugin's; README.md lists the deliberate differences.

import {
  HeaderPair,
  HttpContext,
  JsonResult,
  ParseConfig,
  ProcessRequestHeaders,
  ProcessResponseHeaders,
  SetCtx,
  asciiToLower,
  encodeUtf8,
  log,
  parseJson,
  proxywasm,
  types,
} from "higress-as";

const DETAIL = "custom-response";

class CustomResponseRule {
  statusCode: u32 = 200;
  headers: HeaderPair[] = [];
  body: string = "";
  enableOnStatus: string[] = [];
  contentType: string = "";
}

class CustomResponseConfig {
  rules: CustomResponseRule[] = [];
  defaultRule: CustomResponseRule | null = null;
  // Status (exact digits, or a lower-case pattern with x) -> its rule, and the keys in the order
  // the config declares them, which decides between several patterns matching one status.
  statusRules: Map<string, CustomResponseRule> = new Map();
  statusOrder: string[] = [];
}

function parseConfig(json: JsonResult, config: CustomResponseConfig): Error | null {
  const rules = json.Get("rules");
  const rulesVersion = rules.Exists() && rules.IsArray();
  if (rulesVersion) {
    const items = rules.Array();
    for (let i = 0; i < items.length; i++) {
      const rule = new CustomResponseRule();
      const err = parseRuleItem(items[i], rule);
      if (err != null) return err;
      // The first rule without enable_on_status is the default.
      if (rule.enableOnStatus.length == 0 && config.defaultRule == null) config.defaultRule = rule;
      config.rules.push(rule);
    }
  } else {
    const rule = new CustomResponseRule();
    const err = parseRuleItem(json, rule);
    if (err != null) return err;
    config.rules.push(rule);
    config.defaultRule = rule;
  }
  for (let i = 0; i < config.rules.length; i++) {
    const rule = config.rules[i];
    for (let j = 0; j < rule.enableOnStatus.length; j++) {
      const status = rule.enableOnStatus[j];
      if (config.statusRules.has(status)) {
        log.Errorf("enable_on_status code used in %v, want to add %v", [describeRule(config.statusRules.get(status)), status]);
        return new Error("enableOnStatus can only use once");
      }
      config.statusRules.set(status, rule);
      config.statusOrder.push(status);
    }
  }
  if (rulesVersion && config.defaultRule == null && config.statusRules.size == 0) {
    return new Error("no valid config is found");
  }
  return null;
}

function parseRuleItem(json: JsonResult, rule: CustomResponseRule): Error | null {
  const headers = json.Get("headers").Array();
  for (let i = 0; i < headers.length; i++) {
    const pair = headers[i].String();
    const eq = pair.indexOf("=");
    if (eq < 0) return new Error("invalid header pair format: " + pair);
    const key = goTrimSpace(pair.substring(0, eq));
    const value = goTrimSpace(pair.substring(eq + 1));
    // Go lower-cases with strings.ToLower; only ASCII letters can spell these two names.
    const lower = asciiToLower(key);
    if (lower == "content-type") rule.contentType = value;
    else if (lower != "content-length") rule.headers.push(new HeaderPair(key, value)); // Envoy sets the length
  }

  rule.body = json.Get("body").String();
  if (rule.contentType.length == 0 && rule.body.length > 0) {
    rule.contentType = parseJson(rule.body).ok ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
  }
  // Always last, and sent even when empty (no body and no content-type configured), as in Go.
  rule.headers.push(new HeaderPair("content-type", rule.contentType));

  const status = json.Get("status_code");
  if (status.Exists()) {
    const text = status.String();
    const parsed = goAtoi(text);
    if (!atoiOk) return new Error("invalid status code value: " + text);
    if (parsed < 100 || parsed > 599) return new Error("status code out of range: " + text);
    rule.statusCode = <u32>parsed;
  }

  const statuses = json.Get("enable_on_status").Array();
  for (let i = 0; i < statuses.length; i++) {
    const text = statuses[i].String();
    goAtoi(text);
    // A number is kept as written ("+404" is accepted and never equals a :status).
    if (atoiOk) {
      rule.enableOnStatus.push(text);
      continue;
    }
    const pattern = fuzzyPattern(text);
    if (pattern == null) return new Error(fuzzyError);
    rule.enableOnStatus.push(pattern);
  }
  return null;
}

let fuzzyError = "";

// A three-character pattern of digits and x (any case; at least one of each), lower-cased; null
// with the reason in fuzzyError otherwise. Go measures the length in UTF-8 bytes.
function fuzzyPattern(text: string): string | null {
  const quoted = goQuote(text);
  if (String.UTF8.byteLength(text) != 3) {
    fuzzyError = "invalid enable_on_status " + quoted + ": length must be 3";
    return null;
  }
  const lower = asciiToLower(text); // only ASCII letters can become digits or x
  let hasX = false;
  let hasDigit = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c == 0x78) hasX = true;
    else if (c >= 0x30 && c <= 0x39) hasDigit = true;
    else {
      fuzzyError = "invalid enable_on_status " + quoted + ": must contain only digits and x/X";
      return null;
    }
  }
  if (!hasX) {
    fuzzyError = "invalid enable_on_status " + quoted + ": fuzzy match must contain x/X (use enable_on_status for exact statusCode matching)";
    return null;
  }
  if (!hasDigit) {
    fuzzyError = "invalid enable_on_status " + quoted + ": must contain at least one digit";
    return null;
  }
  return lower;
}

function onHttpRequestHeaders(ctx: HttpContext, config: CustomResponseConfig): types.Action {
  if (config.statusRules.size != 0) return types.ActionContinue;
  const rule = config.defaultRule!; // set whenever no status rule is (parseConfig refuses the rest)
  ctx.log.Infof("use default rule %+v", [describeRule(rule)]);
  send(ctx, rule);
  return types.ActionPause;
}

function onHttpResponseHeaders(ctx: HttpContext, config: CustomResponseConfig): types.Action {
  const status = proxywasm.GetHttpResponseHeader(":status");
  if (status == null) {
    const err = proxywasm.LastError();
    ctx.log.Errorf("get http response status code failed: %v", [err != null ? err.message : "not found"]);
    return types.ActionContinue;
  }
  if (config.statusRules.has(status)) {
    send(ctx, config.statusRules.get(status));
    return types.ActionContinue;
  }
  const rule = fuzzyMatchCode(config, status);
  if (rule != null) send(ctx, rule);
  return types.ActionContinue;
}

// The first pattern in declaration order whose digits match the status at the same places (Go
// walks a map, so with two matching patterns its choice is random).
function fuzzyMatchCode(config: CustomResponseConfig, status: string): CustomResponseRule | null {
  if (status.length == 0) return null;
  for (let i = 0; i < config.statusOrder.length; i++) {
    const pattern = config.statusOrder[i];
    if (pattern.length != status.length || !pattern.includes("x")) continue;
    let match = true;
    for (let j = 0; j < pattern.length && match; j++) {
      const c = pattern.charCodeAt(j);
      if (c >= 0x30 && c <= 0x39 && status.charCodeAt(j) != c) match = false;
    }
    if (match) return config.statusRules.get(pattern);
  }
  return null;
}

function send(ctx: HttpContext, rule: CustomResponseRule): void {
  const err = proxywasm.SendHttpResponseWithDetail(rule.statusCode, DETAIL, rule.headers, encodeUtf8(rule.body), -1);
  if (err != null) ctx.log.Errorf("send http response failed: %v", [err.message]);
}

// Go's %+v of a *CustomResponseRule, for the same log lines.
function describeRule(rule: CustomResponseRule): string {
  const headers = new Array<string>(rule.headers.length);
  for (let i = 0; i < rule.headers.length; i++) headers[i] = "[" + rule.headers[i].key + " " + rule.headers[i].value + "]";
  return "&{statusCode:" + rule.statusCode.toString() + " headers:[" + headers.join(" ") + "] body:" + rule.body +
    " enableOnStatus:[" + rule.enableOnStatus.join(" ") + "] contentType:" + rule.contentType + "}";
}

let atoiOk = false;

// Go's strconv.Atoi: an optional sign and decimal digits that fit in an int64. The value is
// returned and atoiOk says whether the text was one.
function goAtoi(text: string): i64 {
  atoiOk = false;
  let i = 0;
  let negative = false;
  if (text.length > 0 && (text.charCodeAt(0) == 0x2b || text.charCodeAt(0) == 0x2d)) {
    negative = text.charCodeAt(0) == 0x2d;
    i = 1;
  }
  if (i == text.length) return 0;
  let value: u64 = 0;
  const limit: u64 = negative ? <u64>9223372036854775808 : <u64>9223372036854775807;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return 0;
    const digit = <u64>(c - 0x30);
    if (value > (limit - digit) / 10) return 0; // out of range
    value = value * 10 + digit;
  }
  atoiOk = true;
  return negative ? -(<i64>value) : <i64>value;
}

// Go's strings.TrimSpace: Unicode White_Space at both ends.
function goTrimSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) start++;
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--;
  return text.substring(start, end);
}

function isGoSpace(c: i32): bool {
  if (c <= 0xff) return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

// Go's %q for the printable text configs hold: double quotes, with quotes and backslashes escaped.
function goQuote(text: string): string {
  return "\"" + text.replaceAll("\\", "\\\\").replaceAll("\"", "\\\"") + "\"";
}

SetCtx<CustomResponseConfig>("custom-response", [
  ParseConfig<CustomResponseConfig>(parseConfig),
  ProcessRequestHeaders<CustomResponseConfig>(onHttpRequestHeaders),
  ProcessResponseHeaders<CustomResponseConfig>(onHttpResponseHeaders),
]);
