// hello-world: the Higress guide's first plugin, ported line by line from Go. Every request gets
// `x-custom-header: higress-plugin`; with `mockEnable` the plugin answers 200 with `content`.

import {
  HttpContext,
  JsonResult,
  ParseConfig,
  ProcessRequestHeaders,
  SetCtx,
  encodeUtf8,
  proxywasm,
  types,
} from "higress-as";

class MyConfig {
  mockEnable: bool = false;
  content: string = "";
}

function parseConfig(json: JsonResult, config: MyConfig): Error | null {
  config.mockEnable = json.Get("mockEnable").Bool();
  config.content = json.Get("content").String();
  return null;
}

function onHttpRequestHeaders(ctx: HttpContext, config: MyConfig): types.Action {
  proxywasm.AddHttpRequestHeader("x-custom-header", "higress-plugin");
  if (config.mockEnable) {
    proxywasm.SendHttpResponse(200, [], encodeUtf8(config.content), -1);
    // The Go guide returns ActionContinue here; after a local reply the request must stop.
    return types.ActionPause;
  }
  return types.ActionContinue;
}

SetCtx<MyConfig>("hello-world", [
  ParseConfig<MyConfig>(parseConfig),
  ProcessRequestHeaders<MyConfig>(onHttpRequestHeaders),
]);
