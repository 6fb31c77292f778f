import type { FC } from "hono/jsx";
import { paths } from "../paths";
import { Layout, type Viewer } from "./layout";

/** Errors as pages, in the dashboard's frame, with a way back. */
export const ErrorPage: FC<{ viewer?: Viewer; title: string; detail?: string; requestId?: string }> = ({
  viewer,
  title,
  detail,
  requestId,
}) => (
  <Layout title={title} viewer={viewer}>
    <h1>{title}</h1>
    {detail ? <p>{detail}</p> : null}
    {requestId ? (
      <p class="hint">
        Request id: <code>{requestId}</code>
      </p>
    ) : null}
    <p>
      <a href={viewer ? paths.jobs : paths.login}>{viewer ? "Back to your jobs" : "Sign in"}</a>
    </p>
  </Layout>
);
