import { describe, expect, it } from "vitest";
import { checkUrl, parseAllowHosts } from "../../src/core/research/ssrf";

const none = new Set<string>();

function reasonOf(url: string, allow = none) {
  const result = checkUrl(url, allow);
  return result.ok ? "ok" : result.reason;
}

describe("the SSRF guard", () => {
  it.each([
    ["decimal IPv4", "http://2130706433/"],
    ["octal IPv4", "http://0177.0.0.1/"],
    ["hex IPv4", "http://0x7f.1/"],
    ["hex dotted IPv4", "http://0x7f.0x0.0x0.0x1/"],
    ["loopback", "http://127.0.0.1/"],
    ["loopback with trailing dot", "http://127.0.0.1./"],
    ["IPv6 loopback", "http://[::1]/"],
    ["IPv4-compatible IPv6", "http://[::127.0.0.1]/"],
    ["NAT64 IPv6", "http://[64:ff9b::7f00:1]/"],
    ["6to4 IPv6", "http://[2002:7f00:1::]/"],
    ["short IPv4", "http://127.1/"],
    ["zero IPv4", "http://0/"],
    ["an address-echo DNS name", "http://127.0.0.1.nip.io/"],
    ["IPv4-mapped IPv6", "http://[::ffff:127.0.0.1]/"],
    ["IPv4-mapped IPv6 of a public address", "http://[::ffff:8.8.8.8]/"],
    ["unspecified", "http://0.0.0.0/"],
    ["private 10/8", "https://10.1.2.3/"],
    ["private 172.16/12", "https://172.20.0.1/"],
    ["private 192.168/16", "https://192.168.1.1/"],
    ["CGNAT", "http://100.64.0.1/"],
    ["link-local", "http://169.254.1.1/"],
    ["AWS metadata", "http://169.254.169.254/latest/meta-data/"],
    ["AWS IPv6 metadata", "http://[fd00:ec2::254]/"],
    ["IPv6 link-local", "http://[fe80::1]/"],
    ["IPv6 unique local", "http://[fc00::1]/"],
    ["multicast", "http://224.0.0.1/"],
    ["broadcast", "http://255.255.255.255/"],
    ["GCP metadata name", "http://metadata.google.internal/computeMetadata/v1/"],
    ["localhost", "http://localhost/"],
    ["localhost with trailing dot", "http://localhost./"],
    ["a localhost subdomain", "http://api.localhost/"],
    ["an .internal name", "https://db.corp.internal/"],
    ["a single-label name", "http://intranet/"],
    ["a non-default port", "https://example.com:8443/"],
    ["a file URL", "file:///etc/passwd"],
    ["a gopher URL", "gopher://example.com/"],
    ["a gopher URL with a web port", "gopher://example.com:80/"],
    ["an ftp URL with a web port", "ftp://example.com:80/"],
    ["a WebSocket URL with a web port", "ws://example.com:443/"],
    ["a secure WebSocket URL with a web port", "wss://example.com:443/"],
    ["credentials in the URL", "https://user:pass@example.com/"],
  ])("rejects %s (%s)", (_name, url) => {
    expect(reasonOf(url)).toBe("ssrf_blocked");
  });

  it("reports garbage as invalid_url, not as an exception", () => {
    expect(reasonOf("not a url")).toBe("invalid_url");
    expect(reasonOf("http://")).toBe("invalid_url");
  });

  it("accepts public hosts and public IPs on the default ports", () => {
    expect(reasonOf("https://example.com/a?b=1")).toBe("ok");
    expect(reasonOf("http://example.com:80/")).toBe("ok");
    expect(reasonOf("http://93.184.215.14/")).toBe("ok");
    expect(reasonOf("https://[2606:4700::1111]/")).toBe("ok");
  });

  it("reads an ALLOW_HOSTS entry written as a URL as its host:port, where it was kept as text no URL ever matched", () => {
    const allow = parseAllowHosts("http://127.0.0.1:8790, https://Fixtures.Example.test:8443/, http://[::1]:9000/x");
    expect(allow).toEqual(new Set(["127.0.0.1:8790", "fixtures.example.test:8443", "[::1]:9000"]));
    expect(reasonOf("http://127.0.0.1:8790/page", allow)).toBe("ok");
    expect(reasonOf("https://fixtures.example.test:8443/", allow)).toBe("ok");
    expect(reasonOf("http://[::1]:9000/", allow)).toBe("ok");
    // A URL with no port names the one its scheme implies.
    expect(parseAllowHosts("http://127.0.0.1")).toEqual(new Set(["127.0.0.1:80"]));
  });

  it("lets exactly the allowlisted host:port pairs through", () => {
    const allow = parseAllowHosts(" 127.0.0.1:8790 , bad-entry, [::1]:9000");
    expect(allow).toEqual(new Set(["127.0.0.1:8790", "[::1]:9000"]));
    expect(reasonOf("http://127.0.0.1:8790/page", allow)).toBe("ok");
    expect(reasonOf("http://[::1]:9000/", allow)).toBe("ok");
    expect(reasonOf("http://127.0.0.1:8791/page", allow)).toBe("ssrf_blocked");
    expect(reasonOf("http://127.0.0.1/page", allow)).toBe("ssrf_blocked");
    expect(reasonOf("http://localhost:8790/", allow)).toBe("ssrf_blocked");
    expect(reasonOf("ws://127.0.0.1:8790/", allow)).toBe("ssrf_blocked");
    expect(reasonOf("gopher://127.0.0.1:8790/", allow)).toBe("ssrf_blocked");
  });

  it("checks what the URL parser made of the host, and returns that URL", () => {
    const result = checkUrl("http://0x7f.1/", none);
    expect(result.ok).toBe(false);
    const parsed = checkUrl("HTTPS://Example.COM/x", none);
    expect(parsed.ok && parsed.url.hostname).toBe("example.com");
  });
});
