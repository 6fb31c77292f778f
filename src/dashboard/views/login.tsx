import type { FC } from "hono/jsx";
import { CSRF_FIELD } from "../guards";
import { paths } from "../paths";
import { Layout } from "./layout";

/** Sign in with a tenant API key; a rejected key brings the form back with the reason, announced. */
export const LoginPage: FC<{ token: string; next?: string; error?: string }> = ({ token, next, error }) => (
  <Layout title="Sign in">
    <h1>Sign in</h1>
    <p>Use one of your tenant's API keys. The key stays on the server; your browser only keeps a session cookie.</p>
    <form method="post" action={paths.login} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={token} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div class="field">
        <label for="key">API key</label>
        <input
          id="key"
          name="key"
          type="password"
          autocomplete="current-password"
          required
          size={48}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "key-error" : "key-hint"}
        />
        <p class="hint" id="key-hint">
          Keys start with <code>obk_</code>.
        </p>
        {error ? (
          <p class="field-error" id="key-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit">Sign in</button>
    </form>
  </Layout>
);
