import './spinner.css';

/** A small ring that turns while something is in flight; the text beside it says what. */
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
