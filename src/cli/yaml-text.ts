// Writes YAML for the files `package` produces (spec.yaml, wasmplugin.yaml). Mappings are written
// in block style so a person can read and edit them; lists and scalars are written as JSON, which
// every YAML reader accepts (JSON is YAML's flow style), so no escaping rule of YAML's own is
// needed.

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/;

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function key(name: string): string {
  return PLAIN_KEY.test(name) ? name : JSON.stringify(name);
}

function lines(value: Record<string, unknown>, indent: string, out: string[]): void {
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (isMapping(item) && Object.keys(item).length > 0) {
      out.push(`${indent}${key(name)}:`);
      lines(item, `${indent}  `, out);
    } else {
      out.push(`${indent}${key(name)}: ${JSON.stringify(item)}`);
    }
  }
}

/** The YAML text of a mapping; `undefined` members are left out. */
export function toYaml(value: Record<string, unknown>): string {
  const out: string[] = [];
  lines(value, "", out);
  return `${out.join("\n")}\n`;
}
