// A SetCtx plugin with a request-headers handler that does nothing: what the wrapper costs a
// request on its own.

import { HttpContext, ProcessRequestHeaders, SetCtx, types } from "higress-as";

class Config {}

function onHttpRequestHeaders(ctx: HttpContext, config: Config): types.Action {
  return types.ActionContinue;
}

SetCtx<Config>("noop-setctx", [ProcessRequestHeaders<Config>(onHttpRequestHeaders)]);
