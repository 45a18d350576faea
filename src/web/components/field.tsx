import { type ReactNode, useId } from 'react';

/** A labelled input or textarea with an optional hint tied to it by aria-describedby. */
export function Field(props: {
  label: string;
  hint?: string;
  children: (attrs: { id: string; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, ...(props.hint ? { 'aria-describedby': hintId } : {}) })}
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
