// basic-auth: Higress's HTTP Basic authentication plugin (RFC 7617), ported from Go. The request's
// `Authorization: Basic base64(user:password)` must be one of the global `consumers`'
// credentials, and `_rules_` items with an `allow` list say which consumers may use a route or
// domain. The config keys, validation errors, statuses, details, bodies and headers are Go's;
// README.md lists every key and the deliberate differences.

import {
  HeaderPair,
  HttpContext,
  JsonResult,
  ParseOverrideConfig,
  ProcessRequestHeaders,
  SetCtx,
  base64,
  decodeUtf8,
  encodeUtf8,
  http,
  proxywasm,
  types,
} from "higress-as";

const PROTECTION_SPACE = "MSE Gateway";
const BASIC_PREFIX = "Basic ";

// Whether any `_rules_` item configured the plugin. Go keeps this in a package variable; here it
// is one object per configuration, shared by the global config and every rule's clone of it.
class RuleState {
  ruleSet: bool = false;
}

class BasicAuthConfig {
  globalAuthSet: bool = false; // Go: globalAuth != nil
  globalAuth: bool = false;
  allow: string[] = [];
  // The whole "user:password" names the consumer, so one user name may carry several passwords.
  credential2Name: Map<string, string> = new Map<string, string>();
  usernames: Set<string> = new Set<string>(); // only to tell a wrong password from an unknown user in the log
  rules: RuleState = new RuleState();

  // Go's `*config = global`: a rule starts with the global settings (the SDK calls this).
  Clone(): BasicAuthConfig {
    const copy = new BasicAuthConfig();
    copy.globalAuthSet = this.globalAuthSet;
    copy.globalAuth = this.globalAuth;
    copy.allow = this.allow.slice(0);
    copy.credential2Name = this.credential2Name;
    copy.usernames = this.usernames;
    copy.rules = this.rules;
    return copy;
  }
}

function parseGlobalConfig(json: JsonResult, global: BasicAuthConfig): Error | null {
  global.rules = new RuleState();
  const consumers = json.Get("consumers");
  if (!consumers.Exists()) return new Error("consumers is required");
  const list = consumers.Array();
  if (list.length == 0) return new Error("consumers cannot be empty");
  for (let i = 0; i < list.length; i++) {
    const name = list[i].Get("name");
    if (!name.Exists() || name.String() == "") return new Error(consumerAt(i) + "consumer name is required");
    const credential = list[i].Get("credential");
    if (!credential.Exists() || credential.String() == "") return new Error(consumerAt(i) + "consumer credential is required");
    const text = credential.String();
    // Go's `_, ok := m[k]`: Map.get on a missing key would abort, so ask has() first.
    if (global.credential2Name.has(text)) return new Error(consumerAt(i) + "duplicate consumer credential: " + text);
    const colon = text.indexOf(":");
    if (colon < 0) return new Error(consumerAt(i) + "invalid credential format: " + text);
    global.credential2Name.set(text, name.String());
    global.usernames.add(text.substring(0, colon));
  }
  const globalAuth = json.Get("global_auth");
  if (globalAuth.Exists()) {
    global.globalAuthSet = true;
    global.globalAuth = globalAuth.Bool();
  }
  return null;
}

function parseOverrideRuleConfig(json: JsonResult, global: BasicAuthConfig, config: BasicAuthConfig): Error | null {
  // `config` is already global.Clone() (BasicAuthConfig declares Clone).
  const allow = json.Get("allow");
  if (!allow.Exists()) return new Error("allow is required");
  const items = allow.Array();
  if (items.length == 0) return new Error("allow cannot be empty");
  for (let i = 0; i < items.length; i++) config.allow.push(items[i].String());
  config.rules.ruleSet = true;
  return null;
}

// Go's decision table: with global_auth true every request needs credentials (a rule's allow
// list narrows who); with false only requests matching a rule do; unset, it is true while no
// rule exists and false once one does.
function onHttpRequestHeaders(ctx: HttpContext, config: BasicAuthConfig): types.Action {
  const noAllow = config.allow.length == 0;
  const ruleSet = config.rules.ruleSet;
  const globalAuthNoSet = !config.globalAuthSet;
  const globalAuthSetTrue = config.globalAuthSet && config.globalAuth;
  const globalAuthSetFalse = config.globalAuthSet && !config.globalAuth;

  if ((globalAuthSetFalse || (globalAuthNoSet && ruleSet)) && noAllow) {
    ctx.log.Info("authorization is not required");
    return types.ActionContinue;
  }

  const auth = proxywasm.GetHttpRequestHeader("authorization");
  if (auth == null || auth.length == 0) {
    ctx.log.Warn("authorization is empty");
    return deniedNoBasicAuthData();
  }
  if (!auth.startsWith(BASIC_PREFIX)) {
    ctx.log.Warn("authorization has no prefix 'Basic '");
    return deniedNoBasicAuthData();
  }
  const decoded = base64.StdEncoding.DecodeString(auth.substring(BASIC_PREFIX.length));
  const err = decoded.err;
  if (err != null) {
    ctx.log.Warnf("failed to decode authorization %q: %v", [decodeUtf8(decoded.value), err.message]);
    return deniedInvalidCredentials();
  }
  const credential = decodeUtf8(decoded.value);
  const colon = credential.indexOf(":");
  if (colon < 0) {
    ctx.log.Warnf("invalid credential format: %s", [credential]);
    return deniedInvalidCredentials();
  }
  if (!config.credential2Name.has(credential)) {
    const user = credential.substring(0, colon);
    if (config.usernames.has(user)) ctx.log.Warnf("credential password is not correct for username %q", [user]);
    else ctx.log.Warnf("credential username %q is not configured", [user]);
    return deniedInvalidCredentials();
  }
  const name = config.credential2Name.get(credential);

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

function deniedNoBasicAuthData(): types.Action {
  return denied(http.StatusUnauthorized, "basic-auth.no_auth_data", "Request denied by Basic Auth check. No Basic Authentication information found.");
}

function deniedInvalidCredentials(): types.Action {
  return denied(http.StatusUnauthorized, "basic-auth.bad_credential", "Request denied by Basic Auth check. Invalid username and/or password.");
}

function deniedUnauthorizedConsumer(): types.Action {
  return denied(http.StatusForbidden, "basic-auth.unauthorized", "Request denied by Basic Auth check. Unauthorized consumer.");
}

function authenticated(name: string): types.Action {
  proxywasm.AddHttpRequestHeader("X-Mse-Consumer", name);
  return types.ActionContinue;
}

function wwwAuthenticate(): HeaderPair[] {
  return [new HeaderPair("WWW-Authenticate", "Basic realm=" + PROTECTION_SPACE)];
}

SetCtx<BasicAuthConfig>("basic-auth", [
  ParseOverrideConfig<BasicAuthConfig>(parseGlobalConfig, parseOverrideRuleConfig),
  ProcessRequestHeaders<BasicAuthConfig>(onHttpRequestHeaders),
]);

// Go's messages say what is wrong but not where; the prefix names the consumer entry, so an
// operator with many consumers finds it (and a non-object `consumers` item reads as one).
function consumerAt(i: i32): string {
  return "consumers[" + i.toString() + "]: ";
}
