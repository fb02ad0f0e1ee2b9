/**
 * Saving the Markdown report as a file, from the page alone. A Blob URL and an `<a download>`
 * work under Berth's CSP: `default-src 'none'` governs what the page fetches and embeds, not
 * a download it starts; and in Electron a download is neither a navigation (will-navigate) nor
 * a new window, so main/security-restrictions.ts lets it through to the save dialog.
 */
import type { Diagnosis } from '../../../src/shared/diagnosis';

/** berth-diagnosis-ghcr.io-org-app-1.2.md */
export function reportFileName(diagnosis: Diagnosis): string {
  const slug = (diagnosis.image || 'pasted-error')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return `berth-diagnosis-${slug || 'report'}.md`;
}

export function canSaveFiles(): boolean {
  return typeof URL.createObjectURL === 'function' && typeof Blob === 'function';
}

/** Starts the download; the browser (or Electron's save dialog) asks where. */
export function saveTextFile(name: string, text: string, type = 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download reads the Blob after the click returns: keep the URL alive a while.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
