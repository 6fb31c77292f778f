import type { Child, FC } from "hono/jsx";

interface FieldProps {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  control: (aria: { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string }) => Child;
}

/** A labelled control with its hint and its errors, tied together for assistive technology. */
export const Field: FC<FieldProps> = ({ name, label, errors, hint, control }) => {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {control({
        id,
        ...(errors?.length ? { "aria-invalid": "true" as const } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      })}
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p class="field-error" id={`${id}-error`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
};

export const Checkbox: FC<{ name: string; label: string; checked: boolean; errors?: string[] }> = ({
  name,
  label,
  checked,
  errors,
}) => {
  const id = `field-${name}`;
  return (
    <div class="field checkbox">
      <input
        type="checkbox"
        id={id}
        name={name}
        checked={checked}
        aria-invalid={errors?.length ? "true" : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
      />
      <label for={id}>{label}</label>
      {errors?.length ? (
        <p class="field-error" id={`${id}-error`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
};
