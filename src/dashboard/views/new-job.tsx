import type { FC } from "hono/jsx";
import { CSRF_FIELD } from "../guards";
import { CHOICES, type FieldErrors, type FormValues } from "../job-form";
import { paths } from "../paths";
import { ProblemAlert } from "./components";
import { Checkbox, Field } from "./fields";
import { Layout, type Viewer } from "./layout";

const Select: FC<{ name: string; value: string | undefined; choices: readonly string[]; aria: object }> = ({
  name,
  value,
  choices,
  aria,
}) => (
  <select name={name} {...aria}>
    {choices.map((choice) => (
      <option value={choice} selected={choice === value}>
        {choice}
      </option>
    ))}
  </select>
);

/** Every option of `POST /v1/articles`; the API's validation errors come back next to their fields. */
export interface NewJobPageProps {
  viewer: Viewer;
  values: FormValues;
  errors: FieldErrors;
  /** A fresh id per rendered form: sent as the Idempotency-Key, so submitting twice starts one job. */
  submission: string;
  problem?: string;
}

export const NewJobPage: FC<NewJobPageProps> = ({ viewer, values, errors, submission, problem }) => (
  <Layout title="New article" viewer={viewer} current="new">
    <h1>New article</h1>
    {problem || errors[""] ? (
      <ProblemAlert title="The job was not started." detail={problem}>
        {errors[""]?.length ? (
          <ul>
            {errors[""].map((message) => (
              <li>{message}</li>
            ))}
          </ul>
        ) : null}
      </ProblemAlert>
    ) : null}
    <form method="post" action={paths.newJob} novalidate>
      <input type="hidden" name={CSRF_FIELD} value={viewer.csrf} />
      <input type="hidden" name="submission" value={submission} />
      <fieldset>
        <legend>Topic</legend>
        <Field
          name="keyword"
          label="Keyword"
          errors={errors.keyword}
          hint="The search phrase the article should rank for."
          control={(aria) => <input name="keyword" type="text" required value={values.keyword} size={48} {...aria} />}
        />
        <Field
          name="focusKeywords"
          label="Focus keywords"
          errors={errors.focusKeywords}
          hint="Optional, comma-separated, up to 10."
          control={(aria) => <input name="focusKeywords" type="text" value={values.focusKeywords} {...aria} />}
        />
        <Field
          name="language"
          label="Language"
          errors={errors.language}
          hint="A language tag such as en or pt-BR."
          control={(aria) => <input name="language" type="text" value={values.language} size={8} {...aria} />}
        />
      </fieldset>
      <fieldset>
        <legend>Style</legend>
        <div class="grid">
          {(["tone", "audience", "contentType"] as const).map((name) => (
            <Field
              name={name}
              label={{ tone: "Tone", audience: "Audience", contentType: "Content type" }[name]}
              errors={errors[name]}
              control={(aria) => <Select name={name} value={values[name]} choices={CHOICES[name]} aria={aria} />}
            />
          ))}
          <Field
            name="targetWords"
            label="Target words"
            errors={errors.targetWords}
            hint="800 to 5000."
            control={(aria) => (
              <input
                name="targetWords"
                type="number"
                min="800"
                max="5000"
                step="100"
                value={values.targetWords}
                {...aria}
              />
            )}
          />
        </div>
        <Checkbox
          name="includeFaq"
          label="Include an FAQ"
          checked={values.includeFaq === "on"}
          errors={errors.includeFaq}
        />
        <Checkbox
          name="includeToc"
          label="Include a table of contents"
          checked={values.includeToc === "on"}
          errors={errors.includeToc}
        />
        <Checkbox
          name="includeConclusion"
          label="Include a conclusion"
          checked={values.includeConclusion === "on"}
          errors={errors.includeConclusion}
        />
      </fieldset>
      <fieldset>
        <legend>Quality gate</legend>
        <div class="grid">
          <Field
            name="seoThreshold"
            label="Passing score"
            errors={errors.seoThreshold}
            hint="0 to 100; below it the article is revised."
            control={(aria) => (
              <input name="seoThreshold" type="number" min="0" max="100" value={values.seoThreshold} {...aria} />
            )}
          />
          <Field
            name="maxAttempts"
            label="Maximum attempts"
            errors={errors.maxAttempts}
            hint="1 to 5 drafts."
            control={(aria) => (
              <input name="maxAttempts" type="number" min="1" max="5" value={values.maxAttempts} {...aria} />
            )}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Research</legend>
        <Field
          name="urls"
          label="Source URLs"
          errors={errors.urls}
          hint="Optional, one per line: research these pages instead of searching."
          control={(aria) => (
            <textarea name="urls" rows={4} {...aria}>
              {values.urls}
            </textarea>
          )}
        />
        <Field
          name="excludeDomains"
          label="Excluded domains"
          errors={errors.excludeDomains}
          hint="Optional, comma- or space-separated, e.g. example.com."
          control={(aria) => <input name="excludeDomains" type="text" value={values.excludeDomains} {...aria} />}
        />
      </fieldset>
      <button type="submit">Start the job</button>
    </form>
  </Layout>
);
