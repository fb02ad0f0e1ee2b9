import { CommandButton } from '../common/CommandButton';
import { CopyButton } from '../common/CopyButton';
import { fixParts, isHttpsUrl } from './fix-text';
import type { FixPart } from './fix-text';

/**
 * Opened outside the app: in Electron, the window-open handler hands allow-listed https links
 * to the OS browser (main/security-restrictions.ts); in a browser, a new tab.
 */
function ExternalLink({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className="external-link">
      {children}
    </a>
  );
}

/** docs.docker.com/docker-hub/usage: enough to know where the link goes. */
function docLabel(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname.replace(/\/$/, '')}`;
}

function Part({ part }: { part: FixPart }) {
  switch (part.kind) {
    case 'text':
      return <>{part.text}</>;
    case 'link':
      return <ExternalLink href={part.href}>{part.href}</ExternalLink>;
    case 'code':
      return (
        <span className="fix-code" data-testid="fix-code">
          <code>{part.text}</code>
          <CopyButton text={part.text} label={`command: ${part.text}`} />
        </span>
      );
    case 'command':
      // Issue 15: a button doing the same in the app, the command kept as a copy line.
      return <CommandButton command={part.text} className="fix-command" testId="fix-command" />;
  }
}

/** "What to do": the fix steps in order, commands ready to copy, and the registry's docs. */
export function FixList({ fix, docs }: { fix: readonly string[]; docs: readonly string[] }) {
  const links = docs.filter(isHttpsUrl);
  return (
    <div className="fix-list" data-testid="fix-list">
      {fix.length ? (
        <ol className="fix-list__steps">
          {fix.map((step, index) => (
            <li key={index} className="fix-list__step" data-testid="fix-step">
              {fixParts(step).map((part, partIndex) => (
                <Part key={partIndex} part={part} />
              ))}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Nothing to suggest for this cause.</p>
      )}
      {links.length ? (
        <ul className="fix-list__docs" aria-label="Documentation">
          {links.map((url) => (
            <li key={url} data-testid="diagnosis-doc">
              <ExternalLink href={url}>{`${docLabel(url)} ↗`}</ExternalLink>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
