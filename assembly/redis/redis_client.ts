// wasm-go's RedisClusterClient: Init with the database and batching options, Ready, and every
// command of Go's RedisClient with the same command names (lowercase, as Go sends them) and the
// same argument order. Each command returns `Error | null`: an error when the client cannot log
// in or the host refuses the call, in which case the callback never runs.
//
// Go's `interface{}` arguments are strings here (format numbers yourself); its int arguments are
// i64 and its float arguments f64, written on the wire the way Go's fmt.Sprint writes them. Go's
// maps are Maps, sent in insertion order (Go's order is random).

import { Cluster } from "../http/cluster";
import { formatGoFloat } from "./float_text";
import {
  RedisCaller,
  RedisLogin,
  RedisPluginCallback,
  RedisResponseCallback,
  notInPluginError,
  notInRequestError,
  sendRedisQuery,
} from "./redis_call";
import { encodeResp } from "./resp";

/** wasm-go's default flush timeout of the host's request batching, in milliseconds. */
export const DEFAULT_BUFFER_FLUSH_TIMEOUT_MS: i64 = 3;
/** wasm-go's default size of the host's request batch buffer, in bytes. */
export const DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH: i64 = 1024;

enum RedisOptionKind {
  DataBase,
  BufferFlushTimeout,
  MaxBufferSizeBeforeFlush,
  DisableBuffer,
}

/** A setting for RedisClusterClient.Init (Go: the `optionFunc` values); made by the With* functions. */
export class RedisOption {
  constructor(readonly kind: RedisOptionKind, readonly value: i64) {}
}

/** Uses database `index` (SELECT) instead of 0. */
export function WithDataBase(index: i64): RedisOption {
  return new RedisOption(RedisOptionKind.DataBase, index);
}

/** Longest time the host holds a request to batch it with others (Go takes a Duration; here ms). */
export function WithBufferFlushTimeout(ms: i64): RedisOption {
  return new RedisOption(RedisOptionKind.BufferFlushTimeout, ms);
}

/** Batch size in bytes at which the host sends held requests at once. */
export function WithMaxBufferSizeBeforeFlush(bytes: i64): RedisOption {
  return new RedisOption(RedisOptionKind.MaxBufferSizeBeforeFlush, bytes);
}

/** Sends every request at once, no batching (both settings 0), for latency-sensitive plugins. */
export function WithDisableBuffer(): RedisOption {
  return new RedisOption(RedisOptionKind.DisableBuffer, 0);
}

// What Init sends to the host after the cluster name. Options accumulate over Init calls, as in Go.
class RedisSettings {
  dataBase: i64 = 0;
  bufferFlushTimeoutMs: i64 = DEFAULT_BUFFER_FLUSH_TIMEOUT_MS;
  maxBufferSizeBeforeFlush: i64 = DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH;

  apply(option: RedisOption): void {
    switch (option.kind) {
      case RedisOptionKind.DataBase:
        this.dataBase = option.value;
        break;
      case RedisOptionKind.BufferFlushTimeout:
        this.bufferFlushTimeoutMs = option.value;
        break;
      case RedisOptionKind.MaxBufferSizeBeforeFlush:
        this.maxBufferSizeBeforeFlush = option.value;
        break;
      case RedisOptionKind.DisableBuffer:
        this.bufferFlushTimeoutMs = 0;
        this.maxBufferSizeBeforeFlush = 0;
    }
  }

  // `db=N&` (database 0 is the default and not sent), then both batching settings.
  queryString(): string {
    let query = "";
    if (this.dataBase != 0) query = "db=" + this.dataBase.toString() + "&";
    return query + "buffer_flush_timeout=" + this.bufferFlushTimeoutMs.toString() +
      "&max_buffer_size_before_flush=" + this.maxBufferSizeBeforeFlush.toString();
  }
}

/** A Redis client over `cluster`, e.g. an FQDNCluster (Go: NewRedisClusterClient); Init it from the parse function. */
export function NewRedisClusterClient(cluster: Cluster): RedisClusterClient {
  return new RedisClusterClient(cluster);
}

/** Go's RedisClusterClient: Init, Ready and every command of Go's RedisClient interface. */
export class RedisClusterClient {
  private readonly login: RedisLogin = new RedisLogin();
  private readonly settings: RedisSettings = new RedisSettings();

  constructor(
    /** Where the commands go (without Init's options: those only go to proxy_redis_init). */
    public readonly cluster: Cluster,
  ) {}

  /**
   * Applies `options` and logs in to the cluster (`timeout` in ms). Like Go it returns null even
   * when the host refuses: the client is then not ready and retries at the next command.
   */
  Init(username: string, password: string, timeout: i64, options: RedisOption[] = []): Error | null {
    for (let i = 0; i < options.length; i++) this.settings.apply(options[i]);
    const cluster = this.cluster.ClusterName() + "?" + this.settings.queryString();
    this.login.init(cluster, username, password, <u32>timeout);
    return null;
  }

  /** Whether the client is logged in (Init succeeded and no NOAUTH since). */
  Ready(): bool {
    return this.login.ready;
  }

  // Sends a command for the request being handled.
  private send(args: string[], callback: RedisResponseCallback): Error | null {
    const caller = RedisCaller.forRequest(callback);
    if (caller == null) return notInRequestError();
    const ready = this.login.check();
    if (ready != null) return ready;
    return sendRedisQuery(this.cluster.ClusterName(), encodeResp(args), caller, this.login);
  }

  // Sends a command for the plugin itself.
  private sendForPlugin(args: string[], callback: RedisPluginCallback): Error | null {
    const caller = RedisCaller.forPlugin(callback);
    if (caller == null) return notInPluginError();
    const ready = this.login.check();
    if (ready != null) return ready;
    return sendRedisQuery(this.cluster.ClusterName(), encodeResp(args), caller, this.login);
  }

  // ── Generic ──────────────────────────────────────────────────────────────────────────────────

  /** Any command, as redis-cli takes it (`["set", "k", "v"]`). */
  Command(cmds: string[], callback: RedisResponseCallback): Error | null {
    return this.send(cmds, callback);
  }

  /** Runs a Lua script: sends `eval script numkeys keys... args...`. */
  Eval(script: string, numkeys: i32, keys: string[], args: string[], callback: RedisResponseCallback): Error | null {
    return this.send(evalArgs(script, numkeys, keys, args), callback);
  }

  /** Command for the plugin itself (tick functions, configuration): the callback gets the PluginContext. */
  PluginCommand(cmds: string[], callback: RedisPluginCallback): Error | null {
    return this.sendForPlugin(cmds, callback);
  }

  /** Eval for the plugin itself (tick functions, configuration). */
  PluginEval(script: string, numkeys: i32, keys: string[], args: string[], callback: RedisPluginCallback): Error | null {
    return this.sendForPlugin(evalArgs(script, numkeys, keys, args), callback);
  }

  // ── Keys ─────────────────────────────────────────────────────────────────────────────────────

  /** `del key` */
  Del(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["del", key], callback);
  }

  /** `exists key` */
  Exists(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["exists", key], callback);
  }

  /** `expire key ttl` (seconds) */
  Expire(key: string, ttl: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["expire", key, ttl.toString()], callback);
  }

  /** `persist key` */
  Persist(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["persist", key], callback);
  }

  // ── Strings ──────────────────────────────────────────────────────────────────────────────────

  /** `get key` */
  Get(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["get", key], callback);
  }

  /** `set key value` */
  Set(key: string, value: string, callback: RedisResponseCallback): Error | null {
    return this.send(["set", key, value], callback);
  }

  /** `set key value ex ttl` */
  SetEx(key: string, value: string, ttl: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["set", key, value, "ex", ttl.toString()], callback);
  }

  /** `set key value nx`, plus `ex ttl` when ttl > 0 */
  SetNX(key: string, value: string, ttl: i64, callback: RedisResponseCallback): Error | null {
    const args = ["set", key, value, "nx"];
    if (ttl > 0) {
      args.push("ex");
      args.push(ttl.toString());
    }
    return this.send(args, callback);
  }

  /** `mget keys...` */
  MGet(keys: string[], callback: RedisResponseCallback): Error | null {
    return this.send(prefixed(["mget"], keys), callback);
  }

  /** `mset k1 v1 k2 v2 ...` in the Map's order */
  MSet(kvMap: Map<string, string>, callback: RedisResponseCallback): Error | null {
    return this.send(withPairs(["mset"], kvMap), callback);
  }

  /** `incr key` */
  Incr(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["incr", key], callback);
  }

  /** `decr key` */
  Decr(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["decr", key], callback);
  }

  /** `incrby key delta` */
  IncrBy(key: string, delta: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["incrby", key, delta.toString()], callback);
  }

  /** `decrby key delta` */
  DecrBy(key: string, delta: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["decrby", key, delta.toString()], callback);
  }

  // ── Lists ────────────────────────────────────────────────────────────────────────────────────

  /** `llen key` */
  LLen(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["llen", key], callback);
  }

  /** `rpush key vals...` */
  RPush(key: string, vals: string[], callback: RedisResponseCallback): Error | null {
    return this.send(prefixed(["rpush", key], vals), callback);
  }

  /** `rpop key` */
  RPop(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["rpop", key], callback);
  }

  /** `lpush key vals...` */
  LPush(key: string, vals: string[], callback: RedisResponseCallback): Error | null {
    return this.send(prefixed(["lpush", key], vals), callback);
  }

  /** `lpop key` */
  LPop(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["lpop", key], callback);
  }

  /** `lindex key index` */
  LIndex(key: string, index: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["lindex", key, index.toString()], callback);
  }

  /** `lrange key start stop` */
  LRange(key: string, start: i64, stop: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["lrange", key, start.toString(), stop.toString()], callback);
  }

  /** `lrem key count value` */
  LRem(key: string, count: i64, value: string, callback: RedisResponseCallback): Error | null {
    return this.send(["lrem", key, count.toString(), value], callback);
  }

  /** `linsert key before pivot value` */
  LInsertBefore(key: string, pivot: string, value: string, callback: RedisResponseCallback): Error | null {
    return this.send(["linsert", key, "before", pivot, value], callback);
  }

  /** `linsert key after pivot value` */
  LInsertAfter(key: string, pivot: string, value: string, callback: RedisResponseCallback): Error | null {
    return this.send(["linsert", key, "after", pivot, value], callback);
  }

  // ── Hashes ───────────────────────────────────────────────────────────────────────────────────

  /** `hexists key field` */
  HExists(key: string, field: string, callback: RedisResponseCallback): Error | null {
    return this.send(["hexists", key, field], callback);
  }

  /** `hdel key fields...` */
  HDel(key: string, fields: string[], callback: RedisResponseCallback): Error | null {
    return this.send(prefixed(["hdel", key], fields), callback);
  }

  /** `hlen key` */
  HLen(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["hlen", key], callback);
  }

  /** `hget key field` */
  HGet(key: string, field: string, callback: RedisResponseCallback): Error | null {
    return this.send(["hget", key, field], callback);
  }

  /** `hset key field value` */
  HSet(key: string, field: string, value: string, callback: RedisResponseCallback): Error | null {
    return this.send(["hset", key, field, value], callback);
  }

  /** `hmget key fields...` */
  HMGet(key: string, fields: string[], callback: RedisResponseCallback): Error | null {
    return this.send(prefixed(["hmget", key], fields), callback);
  }

  /** `hmset key f1 v1 f2 v2 ...` in the Map's order */
  HMSet(key: string, kvMap: Map<string, string>, callback: RedisResponseCallback): Error | null {
    return this.send(withPairs(["hmset", key], kvMap), callback);
  }

  /** `hkeys key` */
  HKeys(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["hkeys", key], callback);
  }

  /** `hvals key` */
  HVals(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["hvals", key], callback);
  }

  /** `hgetall key` */
  HGetAll(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["hgetall", key], callback);
  }

  /** `hincrby key field delta` */
  HIncrBy(key: string, field: string, delta: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["hincrby", key, field, delta.toString()], callback);
  }

  /** `hincrbyfloat key field delta` */
  HIncrByFloat(key: string, field: string, delta: f64, callback: RedisResponseCallback): Error | null {
    return this.send(["hincrbyfloat", key, field, formatGoFloat(delta)], callback);
  }

  // ── Sets ─────────────────────────────────────────────────────────────────────────────────────

  /** `scard key` */
  SCard(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["scard", key], callback);
  }

  /** `sadd key vals...` */
  SAdd(key: string, vals: string[], callback: RedisResponseCallback): Error | null {
    return this.send(prefixed(["sadd", key], vals), callback);
  }

  /** `srem key vals...` */
  SRem(key: string, vals: string[], callback: RedisResponseCallback): Error | null {
    return this.send(prefixed(["srem", key], vals), callback);
  }

  /** `sismember key value` */
  SIsMember(key: string, value: string, callback: RedisResponseCallback): Error | null {
    return this.send(["sismember", key, value], callback);
  }

  /** `smembers key` */
  SMembers(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["smembers", key], callback);
  }

  /** `sdiff key1 key2` */
  SDiff(key1: string, key2: string, callback: RedisResponseCallback): Error | null {
    return this.send(["sdiff", key1, key2], callback);
  }

  /** `sdiffstore destination key1 key2` */
  SDiffStore(destination: string, key1: string, key2: string, callback: RedisResponseCallback): Error | null {
    return this.send(["sdiffstore", destination, key1, key2], callback);
  }

  /** `sinter key1 key2` */
  SInter(key1: string, key2: string, callback: RedisResponseCallback): Error | null {
    return this.send(["sinter", key1, key2], callback);
  }

  /** `sinterstore destination key1 key2` */
  SInterStore(destination: string, key1: string, key2: string, callback: RedisResponseCallback): Error | null {
    return this.send(["sinterstore", destination, key1, key2], callback);
  }

  /** `sunion key1 key2` */
  SUnion(key1: string, key2: string, callback: RedisResponseCallback): Error | null {
    return this.send(["sunion", key1, key2], callback);
  }

  /** `sunionstore destination key1 key2` */
  SUnionStore(destination: string, key1: string, key2: string, callback: RedisResponseCallback): Error | null {
    return this.send(["sunionstore", destination, key1, key2], callback);
  }

  // ── Sorted sets ──────────────────────────────────────────────────────────────────────────────

  /** `zcard key` */
  ZCard(key: string, callback: RedisResponseCallback): Error | null {
    return this.send(["zcard", key], callback);
  }

  /** `zadd key score1 member1 score2 member2 ...` from member → score, in the Map's order */
  ZAdd(key: string, msMap: Map<string, f64>, callback: RedisResponseCallback): Error | null {
    const args = ["zadd", key];
    const members = msMap.keys();
    for (let i = 0; i < members.length; i++) {
      args.push(formatGoFloat(msMap.get(members[i])));
      args.push(members[i]);
    }
    return this.send(args, callback);
  }

  /** `zcount key min max` (min and max as Redis reads them: "1", "(1", "-inf", ...) */
  ZCount(key: string, min: string, max: string, callback: RedisResponseCallback): Error | null {
    return this.send(["zcount", key, min, max], callback);
  }

  /** `zincrby key delta member` */
  ZIncrBy(key: string, member: string, delta: f64, callback: RedisResponseCallback): Error | null {
    return this.send(["zincrby", key, formatGoFloat(delta), member], callback);
  }

  /** `zscore key member` */
  ZScore(key: string, member: string, callback: RedisResponseCallback): Error | null {
    return this.send(["zscore", key, member], callback);
  }

  /** `zrank key member` */
  ZRank(key: string, member: string, callback: RedisResponseCallback): Error | null {
    return this.send(["zrank", key, member], callback);
  }

  /** `zrevrank key member` */
  ZRevRank(key: string, member: string, callback: RedisResponseCallback): Error | null {
    return this.send(["zrevrank", key, member], callback);
  }

  /** `zrem key members...` */
  ZRem(key: string, members: string[], callback: RedisResponseCallback): Error | null {
    return this.send(prefixed(["zrem", key], members), callback);
  }

  /** `zrange key start stop` */
  ZRange(key: string, start: i64, stop: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["zrange", key, start.toString(), stop.toString()], callback);
  }

  /** `zrevrange key start stop` */
  ZRevRange(key: string, start: i64, stop: i64, callback: RedisResponseCallback): Error | null {
    return this.send(["zrevrange", key, start.toString(), stop.toString()], callback);
  }
}

/** Go's RedisClient interface; the one client there is, so a Go field type `wrapper.RedisClient` ports as is. */
export type RedisClient = RedisClusterClient;

function evalArgs(script: string, numkeys: i32, keys: string[], args: string[]): string[] {
  return prefixed(prefixed(["eval", script, numkeys.toString()], keys), args);
}

function prefixed(head: string[], rest: string[]): string[] {
  for (let i = 0; i < rest.length; i++) head.push(rest[i]);
  return head;
}

function withPairs(head: string[], pairs: Map<string, string>): string[] {
  const keys = pairs.keys();
  for (let i = 0; i < keys.length; i++) {
    head.push(keys[i]);
    head.push(pairs.get(keys[i]));
  }
  return head;
}
