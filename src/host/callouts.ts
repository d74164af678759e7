// Outstanding calls to other services: http_call, gRPC and Redis. Tokens come from one counter per
// kind, spaced by 4 so the low two bits tell the kind (Envoy: http 0, grpc call 1, grpc stream 2,
// Higress redis 3 mod 4). Calls belong to the root context and are never cancelled when a stream
// ends; their replies still go to the root id.

import type { GrpcCallout, HttpCallout, RedisCallout, RedisInit } from "./types.js";

type TokenKind = "http" | "grpcCall" | "grpcStream" | "redis";

const FIRST_TOKEN: Record<TokenKind, number> = { http: 4, grpcCall: 5, grpcStream: 6, redis: 7 };

export class CalloutRegistry {
  readonly http: HttpCallout[] = [];
  readonly grpc: GrpcCallout[] = [];
  readonly redis: RedisCallout[] = [];
  readonly redisInits: RedisInit[] = [];
  private readonly next = { ...FIRST_TOKEN };

  constructor(private readonly clusters: ReadonlySet<string> | null) {}

  /** Whether the upstream cluster exists (every name does unless a cluster list was configured). */
  isKnownCluster(name: string): boolean {
    return this.clusters === null || this.clusters.has(name);
  }

  takeToken(kind: TokenKind): number {
    const token = this.next[kind];
    this.next[kind] = (token + 4) >>> 0;
    return token;
  }

  /** The call with this token, or the first unanswered one. */
  pendingHttp(token?: number): HttpCallout | undefined {
    return this.http.find((c) => (token === undefined ? !c.answered : c.token === token));
  }

  pendingRedis(token?: number): RedisCallout | undefined {
    return this.redis.find((c) => (token === undefined ? !c.answered : c.token === token));
  }

  grpcByToken(token: number): GrpcCallout | undefined {
    return this.grpc.find((c) => c.token === token);
  }
}
