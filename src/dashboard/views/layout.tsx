import type { Child, FC } from "hono/jsx";
import { CSRF_FIELD } from "../guards";
import { paths } from "../paths";

export type NavItem = "jobs" | "new" | "analytics";

export interface Viewer {
  tenantName: string;
  csrf: string;
}

const NAV: { id: NavItem; href: string; label: string }[] = [
  { id: "jobs", href: paths.jobs, label: "Jobs" },
  { id: "new", href: paths.newJob, label: "New article" },
  { id: "analytics", href: paths.analytics, label: "Analytics" },
];

/** The page frame: language, landmarks, skip link, navigation and sign-out for a signed-in viewer. */
export const Layout: FC<{
  title: string;
  viewer?: Viewer;
  current?: NavItem;
  refreshSeconds?: number;
  children?: Child;
}> = ({ title, viewer, current, refreshSeconds, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="same-origin" />
      {refreshSeconds ? (
        <noscript>
          <meta http-equiv="refresh" content={String(refreshSeconds)} />
        </noscript>
      ) : null}
      <title>{`${title} · OptiBlog Edge`}</title>
      <link rel="icon" href="data:," />
      <link rel="stylesheet" href={paths.css} />
    </head>
    <body>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="site-header">
        <p class="brand">
          <a href={paths.home}>OptiBlog Edge</a>
        </p>
        {viewer ? (
          <nav aria-label="Dashboard">
            <ul>
              {NAV.map((item) => (
                <li>
                  <a href={item.href} aria-current={item.id === current ? "page" : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {viewer ? (
          <form class="account" method="post" action={paths.logout}>
            <span>Signed in as {viewer.tenantName}</span>
            <input type="hidden" name={CSRF_FIELD} value={viewer.csrf} />
            <button type="submit" class="secondary">
              Sign out
            </button>
          </form>
        ) : null}
      </header>
      <main id="main" tabindex={-1}>
        {children}
      </main>
      <footer>
        <p>
          OptiBlog Edge dashboard · a client of the <a href="/docs">public API</a>
        </p>
      </footer>
      <script src={paths.liveJs} defer />
    </body>
  </html>
);
