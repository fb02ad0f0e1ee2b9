import { useId } from 'react';
import type { ReactNode } from 'react';
import { HintText } from './HintText';

/** What is wrong with what was typed, and what to type instead. */
export interface FieldProblem {
  message: string;
  hint?: string;
}

export interface FormFieldProps {
  label: ReactNode;
  problem: FieldProblem | undefined;
  /** The error line's test id is `${testId}-error`. */
  testId: string;
  grow?: boolean;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}

/** A label, the control, and what is wrong with what was typed, right under it. */
export function FormField({ label, problem, testId, grow = false, children }: FormFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`form-field${grow ? ' form-field--grow' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy: problem ? errorId : undefined })}
      {problem ? (
        <p id={errorId} className="form-field__error" role="alert" data-testid={`${testId}-error`}>
          {problem.message} {problem.hint ? <HintText text={problem.hint} /> : null}
        </p>
      ) : null}
    </div>
  );
}
