/**
 * A setting's value as read from `env`: empty or only white space is unset, so the setting's default applies as for
 * a var left out (`wrangler.toml` and `.dev.vars` write a cleared value as `""`).
 */
export const emptyAsUnset = (value: unknown): unknown =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
