import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { BASE } from "./paths";
import { SESSION_TTL_SECONDS } from "./session";

export const SESSION_COOKIE = "ob_session";
/** The operator's session (admin token), apart from any tenant session in the same browser. */
export const OPS_COOKIE = "ob_ops";
/** Double-submit token for the sign-in form, which has no session to keep a CSRF token in yet. */
export const LOGIN_COOKIE = "ob_login";

type CookieOptions = NonNullable<Parameters<typeof setCookie>[3]>;

function options(c: Context, maxAge: number): CookieOptions {
  return {
    path: BASE,
    httpOnly: true,
    sameSite: "Strict",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge,
  };
}

export const readCookie = (c: Context, name: string): string | undefined => getCookie(c, name);

export function setSessionCookie(c: Context, id: string): void {
  setCookie(c, SESSION_COOKIE, id, options(c, SESSION_TTL_SECONDS));
}

export function setOpsCookie(c: Context, id: string): void {
  setCookie(c, OPS_COOKIE, id, options(c, SESSION_TTL_SECONDS));
}

export function setLoginCookie(c: Context, token: string): void {
  setCookie(c, LOGIN_COOKIE, token, options(c, 60 * 60));
}

export function clearCookie(c: Context, name: string): void {
  deleteCookie(c, name, { path: BASE, secure: new URL(c.req.url).protocol === "https:" });
}
