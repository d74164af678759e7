// A SetCtx plugin with per-rule configuration: the benchmark configures it with 100 `_rules_`
// (config parse) and sends requests that only the last rule matches (rule match).

import { HttpContext, JsonResult, ParseOverrideConfig, ProcessRequestHeaders, SetCtx, types } from "higress-as";

class Config {
  name: string = "";
  limit: i64 = 0;
}

function parseGlobal(json: JsonResult, config: Config): Error | null {
  config.name = json.Get("name").String();
  config.limit = json.Get("limit").Int();
  return null;
}

function parseRule(json: JsonResult, global: Config, config: Config): Error | null {
  config.name = json.Get("name").String();
  config.limit = json.Get("limit").Exists() ? json.Get("limit").Int() : global.limit;
  return null;
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config): types.Action {
  return config.limit > 0 ? types.ActionContinue : types.ActionPause;
}

SetCtx<Config>("rules-setctx", [
  ParseOverrideConfig<Config>(parseGlobal, parseRule),
  ProcessRequestHeaders<Config>(onHttpRequestHeaders),
]);
