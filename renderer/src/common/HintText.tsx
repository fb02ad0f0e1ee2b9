/**
 * Hints quote commands in backticks ("run `docker rm 4f2a`"), as the engine layer writes them;
 * show those as code, so the command is easy to see and to select.
 */
export function HintText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>{parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>
  );
}
