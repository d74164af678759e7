// A buffered-body plugin: SetCtx buffers the whole request body, the handler reads it and writes
// it back (the shape of every body-transforming plugin, without the transform's own cost).

import { HttpContext, ProcessRequestBody, SetCtx, proxywasm, types } from "higress-as";

class Config {}

function onHttpRequestBody(ctx: HttpContext, config: Config, body: ArrayBuffer): types.Action {
  proxywasm.ReplaceHttpRequestBody(body);
  return types.ActionContinue;
}

SetCtx<Config>("body-setctx", [ProcessRequestBody<Config>(onHttpRequestBody)]);
