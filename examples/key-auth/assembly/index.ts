// key-auth: Higress's API-key authentication plugin, ported from Go. A request carries its key in
// a header or a query parameter (config `keys`, `in_header`/`in_query`); the key names a consumer
// (global `consumers`), and `_rules_` items with an `allow` list say which consumers may use a
// route or domain. The config keys, validation errors, statuses, details, bodies and headers are
// Go's; README.md lists every key and the deliberate differences.

import {
  HeaderPair,
  HttpContext,
  JsonResult,
  ParseOverrideConfig,
  ProcessRequestHeaders,
  SetCtx,
  encodeUtf8,
  http,
  proxywasm,
  types,
  url,
} from "higress-as";

const PROTECTION_SPACE = "MSE Gateway";

// Whether any `_rules_` item configured the plugin. Go keeps this in a package variable; here it
// is one object per configuration, shared by the global config and every rule's clone of it.
class RuleState {
  ruleSet: bool = false;
}

class KeyAuthConfig {
  globalAuthSet: bool = false; // Go: globalAuth != nil
  globalAuth: bool = false;
  keys: string[] = [];
  inQuery: bool = false;
  inHeader: bool = false;
  allow: string[] = [];
  credential2Name: Map<string, string> = new Map<string, string>();
  rules: RuleState = new RuleState();

  // Go's `*config = global`: a rule starts with the global settings (the SDK calls this).
  Clone(): KeyAuthConfig {
    const copy = new KeyAuthConfig();
    copy.globalAuthSet = this.globalAuthSet;
    copy.globalAuth = this.globalAuth;
    copy.keys = this.keys;
    copy.inQuery = this.inQuery;
    copy.inHeader = this.inHeader;
    copy.allow = this.allow.slice(0);
    copy.credential2Name = this.credential2Name;
    copy.rules = this.rules;
    return copy;
  }
}

function parseGlobalConfig(json: JsonResult, global: KeyAuthConfig): Error | null {
  global.rules = new RuleState();
  const globalAuth = json.Get("global_auth");
  if (globalAuth.Exists()) {
    global.globalAuthSet = true;
    global.globalAuth = globalAuth.Bool();
  }

  const names = json.Get("keys");
  if (!names.Exists()) return new Error("keys is required");
  const nameList = names.Array();
  if (nameList.length == 0) return new Error("keys cannot be empty");
  for (let i = 0; i < nameList.length; i++) global.keys.push(nameList[i].String());

  const inQuery = json.Get("in_query");
  const inHeader = json.Get("in_header");
  if (!inQuery.Exists() && !inHeader.Exists()) return new Error("must one of in_query/in_header required");
  if (inQuery.Exists()) global.inQuery = inQuery.Bool();
  if (inHeader.Exists()) global.inHeader = inHeader.Bool();

  const consumers = json.Get("consumers");
  if (!consumers.Exists()) return new Error("consumers is required");
  const consumerList = consumers.Array();
  if (consumerList.length == 0) return new Error("consumers cannot be empty");
  for (let i = 0; i < consumerList.length; i++) {
    const name = consumerList[i].Get("name");
    if (!name.Exists() || name.String() == "") return new Error(consumerAt(i) + "consumer name is required");
    const credential = consumerList[i].Get("credential");
    if (!credential.Exists() || credential.String() == "") return new Error(consumerAt(i) + "consumer credential is required");
    // Go's `_, ok := m[k]`: Map.get on a missing key would abort, so ask has() first.
    if (global.credential2Name.has(credential.String())) return new Error(consumerAt(i) + "duplicate consumer credential: " + credential.String());
    global.credential2Name.set(credential.String(), name.String());
  }
  return null;
}

function parseOverrideRuleConfig(json: JsonResult, global: KeyAuthConfig, config: KeyAuthConfig): Error | null {
  // `config` is already global.Clone() (KeyAuthConfig declares Clone).
  const allow = json.Get("allow");
  if (!allow.Exists()) return new Error("allow is required");
  const items = allow.Array();
  if (items.length == 0) return new Error("allow cannot be empty");
  for (let i = 0; i < items.length; i++) config.allow.push(items[i].String());
  config.rules.ruleSet = true;
  return null;
}

// Go's decision table: with global_auth true every request needs a key (a rule's allow list
// narrows who); with false only requests matching a rule do; unset, it is true while no rule
// exists and false once one does.
function onHttpRequestHeaders(ctx: HttpContext, config: KeyAuthConfig): types.Action {
  const noAllow = config.allow.length == 0;
  const ruleSet = config.rules.ruleSet;
  const globalAuthNoSet = !config.globalAuthSet;
  const globalAuthSetTrue = config.globalAuthSet && config.globalAuth;
  const globalAuthSetFalse = config.globalAuthSet && !config.globalAuth;

  if ((globalAuthSetFalse || (globalAuthNoSet && ruleSet)) && noAllow) {
    ctx.log.Info("authorization is not required");
    return types.ActionContinue;
  }

  const tokens = new Array<string>();
  if (config.inHeader) {
    for (let i = 0; i < config.keys.length; i++) {
      const value = proxywasm.GetHttpRequestHeader(config.keys[i]);
      if (value != null && value.length > 0) tokens.push(value);
    }
  } else if (config.inQuery) {
    const path = proxywasm.GetHttpRequestHeader(":path");
    // A path that does not parse gives an empty URL here, so no key (Go dereferences nil and panics).
    const query = url.Parse(path != null ? path : "").value.Query();
    for (let i = 0; i < config.keys.length; i++) {
      const values = query.Values(config.keys[i]);
      for (let j = 0; j < values.length; j++) tokens.push(values[j]);
    }
  }

  if (tokens.length > 1) return denied(http.StatusUnauthorized, "key-auth.multi_key", "Request denied by Key Auth check. Multi Key Authentication information found.");
  if (tokens.length == 0) return denied(http.StatusUnauthorized, "key-auth.no_key", "Request denied by Key Auth check. No Key Authentication information found.");

  if (!config.credential2Name.has(tokens[0])) {
    ctx.log.Warnf("credential %q is not configured", [tokens[0]]);
    return deniedUnauthorizedConsumer();
  }
  const name = config.credential2Name.get(tokens[0]);

  if ((globalAuthSetTrue && noAllow) || (globalAuthNoSet && !ruleSet)) {
    ctx.log.Infof("consumer %q authenticated", [name]);
    return authenticated(name);
  }
  // What is left has a rule's allow list, which decides.
  if (!config.allow.includes(name)) {
    ctx.log.Warnf("consumer %q is not allowed", [name]);
    return deniedUnauthorizedConsumer();
  }
  ctx.log.Infof("consumer %q authenticated", [name]);
  return authenticated(name);
}

// Go returns Continue after a local reply; Envoy turns any return of a callback that sent one
// into a stop, so the request never reaches the upstream (README, "Returning after
// SendHttpResponse").
function denied(status: u32, detail: string, body: string): types.Action {
  proxywasm.SendHttpResponseWithDetail(status, detail, wwwAuthenticate(), encodeUtf8(body), -1);
  return types.ActionContinue;
}

function deniedUnauthorizedConsumer(): types.Action {
  return denied(http.StatusForbidden, "key-auth.unauthorized", "Request denied by Key Auth check. Unauthorized consumer.");
}

function authenticated(name: string): types.Action {
  proxywasm.AddHttpRequestHeader("X-Mse-Consumer", name);
  return types.ActionContinue;
}

function wwwAuthenticate(): HeaderPair[] {
  return [new HeaderPair("WWW-Authenticate", "Key realm=" + PROTECTION_SPACE)];
}

SetCtx<KeyAuthConfig>("key-auth", [
  ParseOverrideConfig<KeyAuthConfig>(parseGlobalConfig, parseOverrideRuleConfig),
  ProcessRequestHeaders<KeyAuthConfig>(onHttpRequestHeaders),
]);

// Go's messages say what is wrong but not where; the prefix names the consumer entry, so an
// operator with many consumers finds it (and a non-object `consumers` item reads as one).
function consumerAt(i: i32): string {
  return "consumers[" + i.toString() + "]: ";
}
