import ipaddr from "ipaddr.js";

/**
 * The SSRF guard: may this process send a request to `url`? Pure, so the page fetcher, robots.txt and outbound
 * webhooks share one rule set. Host names cannot be resolved here (Workers has no DNS API), so names are judged
 * by their shape; the platform itself refuses to connect to private addresses in production.
 */
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: "ssrf_blocked" | "invalid_url"; detail: string };

const ALLOWED_PORTS = new Set(["80", "443"]);
const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

const FORBIDDEN_NAMES = new Set(["localhost", "metadata", "metadata.goog", "instance-data"]);
const FORBIDDEN_SUFFIXES = [".localhost", ".internal", ".local", ".localdomain", ".home.arpa", ".metadata.goog"];
/** Public wildcard DNS that answers with whatever address the name spells ("127.0.0.1.nip.io"). */
const ADDRESS_ECHO_DOMAINS = ["nip.io", "sslip.io", "xip.io", "localtest.me", "lvh.me"];

/** Cloud metadata endpoints named explicitly, although the range check below already covers each of them. */
const METADATA_IPS = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192"]);

export function checkUrl(raw: string, allow: Set<string>): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "invalid_url", detail: "not an absolute URL" };
  }
  // The scheme is checked before the port: `gopher://host:80/` names a port, but is no web request.
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (!defaultPort) return blocked(`scheme ${url.protocol} is not allowed`);
  const port = url.port || defaultPort;
  if (url.username || url.password) return blocked("credentials in the URL are not allowed");

  const host = url.hostname.toLowerCase();
  if (allow.has(`${host}:${port}`)) return { ok: true, url };
  if (!ALLOWED_PORTS.has(port)) return blocked(`port ${port} is not allowed`);

  const bare = host.replace(/(?<!\.)\.+$/, "");
  const ip = parseIp(bare);
  if (ip) {
    const address = ip.toString();
    if (METADATA_IPS.has(address)) return blocked(`${address} is a cloud metadata address`);
    const range = ip.range();
    if (range !== "unicast") return blocked(`${address} is in the ${range} range`);
    if (ip.kind() === "ipv6" && isIpv4Compatible(ip as ipaddr.IPv6)) {
      return blocked(`${address} embeds an IPv4 address`);
    }
    return { ok: true, url };
  }
  if (!bare.includes(".")) return blocked(`${host} is not a public host name`);
  if (FORBIDDEN_NAMES.has(bare) || FORBIDDEN_SUFFIXES.some((suffix) => bare.endsWith(suffix))) {
    return blocked(`${host} is a local or internal name`);
  }
  if (ADDRESS_ECHO_DOMAINS.some((domain) => bare === domain || bare.endsWith(`.${domain}`))) {
    return blocked(`${host} resolves to the address it names`);
  }
  // The URL parser turns numeric IPv4 forms into dotted ones; anything still numeric-looking is refused.
  if (/^[0-9.]+$/.test(bare) || /^0x[0-9a-f]*(\.|$)/.test(bare)) return blocked(`${host} looks like an IP address`);
  return { ok: true, url };
}

function parseIp(host: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const inner = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (!ipaddr.isValid(inner)) return undefined;
  try {
    return ipaddr.parse(inner);
  } catch {
    return undefined;
  }
}

/** The deprecated IPv4-compatible form `::a.b.c.d`, which ipaddr.js counts as plain unicast. */
function isIpv4Compatible(ip: ipaddr.IPv6): boolean {
  return ip.parts.slice(0, 6).every((part) => part === 0);
}

function blocked(detail: string): UrlCheck {
  return { ok: false, reason: "ssrf_blocked", detail };
}

/**
 * `ALLOW_HOSTS` ("127.0.0.1:8790, example.test:8080") as the set `checkUrl` expects. An entry written as a URL
 * (`http://127.0.0.1:8790/`) is read as its host and port (its scheme's when it names none): kept as text, it matched
 * no URL and let nothing through, without a word.
 */
export function parseAllowHosts(value: string | undefined): Set<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((part) => hostPort(part.trim().toLowerCase()))
      .filter((part) => /^.+:\d{1,5}$/.test(part)),
  );
}

function hostPort(entry: string): string {
  if (!/^https?:\/\//.test(entry) || !URL.canParse(entry)) return entry;
  const url = new URL(entry);
  return `${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol]}`;
}
