// Reads a plugin configuration file: JSON, or YAML (by the .yaml/.yml extension) as Higress's
// WasmPlugin resource writes it; either way the plugin receives JSON, as Higress sends it. A file
// with any other extension is passed verbatim, for plugins that read a raw configuration.

import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseYaml } from "./yaml.js";

/** The configuration in the file at `path`; throws with the file name and the reason. */
export async function loadConfig(path: string): Promise<string | object> {
  const text = await readFile(path, "utf8");
  const extension = extname(path).toLowerCase();
  const yaml = extension === ".yaml" || extension === ".yml";
  if (!yaml && extension !== ".json") return text;
  let value: unknown;
  try {
    value = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  if (value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new Error(`${path}: the configuration must be an object`);
  return value;
}
