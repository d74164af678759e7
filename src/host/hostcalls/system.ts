// The WASI subset every Envoy registers (under wasi_snapshot_preview1 and wasi_unstable), with
// Envoy's answers: stdout/stderr become log lines, there is no filesystem, proc_exit does not stop
// the guest. Plus the two emscripten helpers of module env.

import { randomFillSync } from "node:crypto";
import { WasiErrno } from "../enums.js";
import type { HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";

const LOG_INFO = 2;
const LOG_ERROR = 4;
const FILETYPE_CHARACTER_DEVICE = 2;
const RIGHT_FD_WRITE = 64n;
const MAX_RANDOM_BYTES = 64 * 1024;

export function systemCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  const encoder = new TextEncoder();
  const environ = () => env.settings.environment.map(([k, v]) => encoder.encode(`${k}=${v}\0`));

  const wasi: HostFunctionTable = {
    fd_write: (fd: number, iovs: number, iovsCount: number, writtenPointer: number) => {
      if (fd !== 1 && fd !== 2) return WasiErrno.BadF;
      let text = "";
      let written = 0;
      for (let i = 0; i < iovsCount; i++) {
        const pointer = memory().readU32(iovs + i * 8);
        const size = memory().readU32(iovs + i * 8 + 4);
        text += memory().readString(pointer, size);
        written += size;
      }
      // Each call is one log line; one trailing newline is dropped.
      env.logs.add(fd === 1 ? LOG_INFO : LOG_ERROR, text.endsWith("\n") ? text.slice(0, -1) : text);
      memory().writeU32(writtenPointer, written);
      return WasiErrno.Success;
    },
    fd_read: () => WasiErrno.NoSys,
    fd_seek: () => {
      env.reportError("wasi fd_seek called: Envoy has no seekable files and only logs an error");
      return WasiErrno.Success;
    },
    fd_close: () => WasiErrno.Success,
    fd_fdstat_get: (fd: number, statPointer: number) => {
      if (fd !== 1 && fd !== 2) return WasiErrno.BadF;
      memory().writeU8(statPointer, FILETYPE_CHARACTER_DEVICE);
      memory().writeU16(statPointer + 2, 0);
      memory().writeU64(statPointer + 8, RIGHT_FD_WRITE);
      memory().writeU64(statPointer + 16, 0n);
      return WasiErrno.Success;
    },
    environ_sizes_get: (countPointer: number, sizePointer: number) => {
      const entries = environ();
      memory().writeU32(countPointer, entries.length);
      memory().writeU32(sizePointer, entries.reduce((n, e) => n + e.length, 0));
      return WasiErrno.Success;
    },
    environ_get: (environPointer: number, bufferPointer: number) => {
      let offset = bufferPointer;
      environ().forEach((entry, i) => {
        memory().writeU32(environPointer + i * 4, offset);
        memory().write(offset, entry);
        offset += entry.length;
      });
      return WasiErrno.Success;
    },
    args_sizes_get: (countPointer: number, sizePointer: number) => {
      memory().writeU32(countPointer, 0);
      memory().writeU32(sizePointer, 0);
      return WasiErrno.Success;
    },
    args_get: () => WasiErrno.Success,
    clock_time_get: (clockId: number, _precision: bigint, timePointer: number) => {
      if (clockId === 0) memory().writeU64(timePointer, BigInt(Date.now()) * 1_000_000n);
      else if (clockId === 1) memory().writeU64(timePointer, process.hrtime.bigint());
      else return WasiErrno.NotSup;
      return WasiErrno.Success;
    },
    random_get: (pointer: number, size: number) => {
      if (size > MAX_RANDOM_BYTES) return WasiErrno.Inval;
      memory().write(pointer, randomFillSync(new Uint8Array(size)));
      return WasiErrno.Success;
    },
    // Envoy only logs it; compilers follow it with `unreachable`, which traps.
    proc_exit: () => undefined,
    path_open: () => WasiErrno.NoEnt,
    fd_prestat_get: () => WasiErrno.BadF,
    fd_prestat_dir_name: () => WasiErrno.NoSys,
  };

  const table: HostFunctionTable = {
    "env.pthread_equal": (a: number, b: number) => (a === b ? 1 : 0),
    "env.emscripten_notify_memory_growth": () => undefined,
  };
  for (const module of ["wasi_snapshot_preview1", "wasi_unstable"]) {
    for (const [name, fn] of Object.entries(wasi)) table[`${module}.${name}`] = fn;
  }
  return table;
}
