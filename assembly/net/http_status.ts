// The HTTP status codes of Go's net/http under Go's names, so a port keeps
// `http.StatusUnauthorized` as written. Constants fold into the code: unused ones cost nothing.

/** 100 Continue */
export const StatusContinue: u32 = 100;
/** 101 Switching Protocols */
export const StatusSwitchingProtocols: u32 = 101;
/** 102 Processing */
export const StatusProcessing: u32 = 102;
/** 103 Early Hints */
export const StatusEarlyHints: u32 = 103;
/** 200 OK */
export const StatusOK: u32 = 200;
/** 201 Created */
export const StatusCreated: u32 = 201;
/** 202 Accepted */
export const StatusAccepted: u32 = 202;
/** 203 Non-Authoritative Information */
export const StatusNonAuthoritativeInfo: u32 = 203;
/** 204 No Content */
export const StatusNoContent: u32 = 204;
/** 205 Reset Content */
export const StatusResetContent: u32 = 205;
/** 206 Partial Content */
export const StatusPartialContent: u32 = 206;
/** 207 Multi-Status */
export const StatusMultiStatus: u32 = 207;
/** 208 Already Reported */
export const StatusAlreadyReported: u32 = 208;
/** 226 IM Used */
export const StatusIMUsed: u32 = 226;
/** 300 Multiple Choices */
export const StatusMultipleChoices: u32 = 300;
/** 301 Moved Permanently */
export const StatusMovedPermanently: u32 = 301;
/** 302 Found */
export const StatusFound: u32 = 302;
/** 303 See Other */
export const StatusSeeOther: u32 = 303;
/** 304 Not Modified */
export const StatusNotModified: u32 = 304;
/** 305 Use Proxy */
export const StatusUseProxy: u32 = 305;
/** 307 Temporary Redirect */
export const StatusTemporaryRedirect: u32 = 307;
/** 308 Permanent Redirect */
export const StatusPermanentRedirect: u32 = 308;
/** 400 Bad Request */
export const StatusBadRequest: u32 = 400;
/** 401 Unauthorized */
export const StatusUnauthorized: u32 = 401;
/** 402 Payment Required */
export const StatusPaymentRequired: u32 = 402;
/** 403 Forbidden */
export const StatusForbidden: u32 = 403;
/** 404 Not Found */
export const StatusNotFound: u32 = 404;
/** 405 Method Not Allowed */
export const StatusMethodNotAllowed: u32 = 405;
/** 406 Not Acceptable */
export const StatusNotAcceptable: u32 = 406;
/** 407 Proxy Authentication Required */
export const StatusProxyAuthRequired: u32 = 407;
/** 408 Request Timeout */
export const StatusRequestTimeout: u32 = 408;
/** 409 Conflict */
export const StatusConflict: u32 = 409;
/** 410 Gone */
export const StatusGone: u32 = 410;
/** 411 Length Required */
export const StatusLengthRequired: u32 = 411;
/** 412 Precondition Failed */
export const StatusPreconditionFailed: u32 = 412;
/** 413 Request Entity Too Large */
export const StatusRequestEntityTooLarge: u32 = 413;
/** 414 Request URI Too Long */
export const StatusRequestURITooLong: u32 = 414;
/** 415 Unsupported Media Type */
export const StatusUnsupportedMediaType: u32 = 415;
/** 416 Requested Range Not Satisfiable */
export const StatusRequestedRangeNotSatisfiable: u32 = 416;
/** 417 Expectation Failed */
export const StatusExpectationFailed: u32 = 417;
/** 418 I'm a teapot */
export const StatusTeapot: u32 = 418;
/** 421 Misdirected Request */
export const StatusMisdirectedRequest: u32 = 421;
/** 422 Unprocessable Entity */
export const StatusUnprocessableEntity: u32 = 422;
/** 423 Locked */
export const StatusLocked: u32 = 423;
/** 424 Failed Dependency */
export const StatusFailedDependency: u32 = 424;
/** 425 Too Early */
export const StatusTooEarly: u32 = 425;
/** 426 Upgrade Required */
export const StatusUpgradeRequired: u32 = 426;
/** 428 Precondition Required */
export const StatusPreconditionRequired: u32 = 428;
/** 429 Too Many Requests */
export const StatusTooManyRequests: u32 = 429;
/** 431 Request Header Fields Too Large */
export const StatusRequestHeaderFieldsTooLarge: u32 = 431;
/** 451 Unavailable For Legal Reasons */
export const StatusUnavailableForLegalReasons: u32 = 451;
/** 500 Internal Server Error */
export const StatusInternalServerError: u32 = 500;
/** 501 Not Implemented */
export const StatusNotImplemented: u32 = 501;
/** 502 Bad Gateway */
export const StatusBadGateway: u32 = 502;
/** 503 Service Unavailable */
export const StatusServiceUnavailable: u32 = 503;
/** 504 Gateway Timeout */
export const StatusGatewayTimeout: u32 = 504;
/** 505 HTTP Version Not Supported */
export const StatusHTTPVersionNotSupported: u32 = 505;
/** 506 Variant Also Negotiates */
export const StatusVariantAlsoNegotiates: u32 = 506;
/** 507 Insufficient Storage */
export const StatusInsufficientStorage: u32 = 507;
/** 508 Loop Detected */
export const StatusLoopDetected: u32 = 508;
/** 510 Not Extended */
export const StatusNotExtended: u32 = 510;
/** 511 Network Authentication Required */
export const StatusNetworkAuthenticationRequired: u32 = 511;

/** The reason phrase of a status code, "" when it is not one of the above (Go: http.StatusText). */
export function StatusText(code: u32): string {
  switch (code) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 102: return "Processing";
    case 103: return "Early Hints";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 207: return "Multi-Status";
    case 208: return "Already Reported";
    case 226: return "IM Used";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 305: return "Use Proxy";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Request Entity Too Large";
    case 414: return "Request URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Requested Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 506: return "Variant Also Negotiates";
    case 507: return "Insufficient Storage";
    case 508: return "Loop Detected";
    case 510: return "Not Extended";
    case 511: return "Network Authentication Required";
  }
  return "";
}
