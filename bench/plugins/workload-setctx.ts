// The Higress guide's benchmark workload written with the SetCtx API: per request, 20 times,
// replace `x-bench-header`, read it back and remove it.

import { HttpContext, ProcessRequestHeaders, SetCtx, proxywasm, types } from "higress-as";

class Config {}

function onHttpRequestHeaders(ctx: HttpContext, config: Config): types.Action {
  for (let i = 0; i < 20; i++) {
    proxywasm.ReplaceHttpRequestHeader("x-bench-header", "bench-value");
    proxywasm.GetHttpRequestHeader("x-bench-header");
    proxywasm.RemoveHttpRequestHeader("x-bench-header");
  }
  return types.ActionContinue;
}

SetCtx<Config>("workload-setctx", [ProcessRequestHeaders<Config>(onHttpRequestHeaders)]);
