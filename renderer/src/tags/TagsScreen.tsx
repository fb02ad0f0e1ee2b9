import { useCallback, useEffect, useLayoutEffect, useMemo } from 'react';
import type { FormEvent } from 'react';
import { ErrorPanel } from '../common/ErrorPanel';
import { HintText } from '../common/HintText';
import { SearchIcon } from '../common/icons';
import { Spinner } from '../common/Spinner';
import { countLabel } from '../format';
import { familiarName } from '../../../src/shared/reference';
import { isFallbackTag } from '../../../src/shared/image-content';
import { useEngine, useImages, useTags } from '../state';
import type { TagsState } from '../state';
import { compareWithLocal, localTagIndex } from './local-images';
import { orderTags, tagFilter } from '../state/tag-order';
import type { TagSort } from '../state/tag-order';
import type { TagDetails } from '../../../src/shared/contract';
import { TagDetailsPanel } from './TagDetailsPanel';
import { TagsTable } from './TagsTable';
import './tags.css';

const ERROR_TITLES: Record<string, string> = {
  'registry.unauthorized': 'The registry wants credentials',
  'registry.insufficient_scope': 'No pull access to this repository',
  'registry.denied': 'Access denied',
  'registry.name_unknown': 'No such repository',
  'registry.rate_limited': 'Rate limited',
  'registry.unreachable': 'Cannot reach the registry',
  'registry.timeout': 'The registry did not answer in time',
  'registry.bad_response': 'The registry sent something unexpected',
};

const NO_DETAILS: ReadonlyMap<string, TagDetails> = new Map();

/**
 * The tag rows as the user asks for them: signature tags shown or not, ordered, then filtered.
 * Each step is memoised on its own inputs, so a filter keystroke only filters.
 */
function useTagRows(s: TagsState) {
  const filter = useMemo(() => tagFilter(s.filter, s.regex), [s.filter, s.regex]);
  const artifactTags = useMemo(() => s.tags.filter(isFallbackTag).length, [s.tags]);
  // Kept apart from the filter, so a keystroke does not test 10,000 tags against it again.
  const listed = useMemo(
    () => (s.showArtifacts ? s.tags : s.tags.filter((t) => !isFallbackTag(t))),
    [s.tags, s.showArtifacts],
  );
  // Ordered once per listing, sort or batch of details, then filtered: a keystroke only filters
  // (filtering keeps the order), so it never sorts thousands of matches again.
  const sortDetails = s.sort === 'newest' ? s.details : NO_DETAILS;
  const ordered = useMemo(
    () => orderTags(listed, s.sort, sortDetails),
    [listed, s.sort, sortDetails],
  );
  const rows = useMemo(
    () => (filter.ok ? ordered.filter(filter.match) : ordered),
    [ordered, filter],
  );
  return { filter, artifactTags, rows };
}

/** How a tag compares with the local image of the same name (the engine's images). */
function useLocalCompare(name: string) {
  const engineUp = useEngine((e) => e.status?.state === 'up');
  const images = useImages((i) => i.images);
  const loadImages = useImages((i) => i.load);

  useEffect(() => {
    if (engineUp && images === undefined) void loadImages();
  }, [engineUp, images, loadImages]);

  const local = useMemo(() => localTagIndex(images ?? []), [images]);
  return useCallback(
    (tag: string, digest: string | undefined) =>
      compareWithLocal(local.get(`${name}:${tag}`), digest),
    [local, name],
  );
}

/** "Which tags does this repository have, and what is behind each?" */
export function TagsScreen() {
  const s = useTags((state) => state);
  const { filter, artifactTags, rows } = useTagRows(s);

  // Filter keystroke → painted, measured by the e2e test (at most 50 ms at p95).
  useLayoutEffect(() => {
    const id = requestAnimationFrame(() => performance.mark('berth:tags-filter-painted'));
    return () => cancelAnimationFrame(id);
  }, [s.filter]);

  const compare = useLocalCompare(
    s.repository ? `${s.repository.domain}/${s.repository.path}` : '',
  );
  // The repository as people write it (nginx, ghcr.io/org/app), without tag or digest.
  const familiar = s.repository
    ? familiarName({ domain: s.repository.domain, path: s.repository.path, tag: '', digest: '' })
    : '';

  return (
    <div className="screen screen--fill">
      <header className="screen__header tags-header">
        <h1>Tags</h1>
        <BrowseForm s={s} />
        <RateLimitBadge rateLimit={s.rateLimit} />
      </header>
      {s.inputError ? (
        <p className="notice notice--warn tags-input-error" role="alert">
          {s.inputError.message} {s.inputError.hint ? <HintText text={s.inputError.hint} /> : null}
        </p>
      ) : null}
      <div className="screen__body screen__body--fill">
        {s.listing === 'idle' && !s.repository ? (
          <TagsWelcome recent={s.recent} browse={s.browse} />
        ) : (
          <div className="tags-split">
            <div className="tags-split__main">
              <TagsToolbar s={s} shown={rows.length} artifactTags={artifactTags} />
              {!filter.ok ? (
                <p className="notice notice--warn">Invalid regex: {filter.error}</p>
              ) : null}
              <ListingOutcome s={s} />
              {s.tags.length > 0 ? (
                <TagsTable
                  rows={rows}
                  familiar={familiar}
                  details={s.details}
                  errors={s.detailErrors}
                  compare={compare}
                  selected={s.selected}
                  onOpen={s.select}
                  onVisible={s.showing}
                />
              ) : null}
            </div>
            {s.selected ? (
              <TagDetailsPanel
                familiar={familiar}
                tag={s.selected}
                details={s.details.get(s.selected)}
                onClose={() => s.select(undefined)}
              />
            ) : null}
          </div>
        )}
      </div>
    </div>
  );
}

/** The repository field, with the recent ones offered. */
function BrowseForm({ s }: { s: TagsState }) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void s.browse();
  };
  return (
    <form className="tags-browse" onSubmit={submit}>
      <input
        className="input mono"
        data-testid="tags-repo-input"
        aria-label="Repository"
        placeholder="nginx, ghcr.io/org/app, 127.0.0.1:5000/team/flows"
        list="tags-recent"
        value={s.input}
        onChange={(e) => s.setInput(e.target.value)}
        spellCheck={false}
        autoComplete="off"
      />
      <datalist id="tags-recent">
        {s.recent.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <button
        type="submit"
        className="button button--primary"
        data-testid="tags-browse"
        disabled={!s.input.trim()}
      >
        Browse
      </button>
    </form>
  );
}

/** Docker Hub's pull allowance, as its last answer counted it. */
function RateLimitBadge({ rateLimit }: { rateLimit: TagsState['rateLimit'] }) {
  if (!rateLimit) return null;
  return (
    <span
      className="badge"
      data-testid="tags-ratelimit"
      title={rateLimit.source ? `Counted for ${rateLimit.source}` : undefined}
    >
      Docker Hub pulls left: {rateLimit.remaining} of {rateLimit.limit} per{' '}
      {Math.round(rateLimit.windowSeconds / 3600)} h
    </span>
  );
}

/** Before any repository: what to type, and the recent ones to pick. */
function TagsWelcome({ recent, browse }: Pick<TagsState, 'recent' | 'browse'>) {
  return (
    <section className="state-panel">
      <h2 className="state-panel__title">Browse the tags of any repository</h2>
      <p className="state-panel__message">
        Type a repository above: Docker Hub, GHCR, ECR, ACR, GAR, JFrog or your own registry.
      </p>
      {recent.length ? (
        <div className="tags-recent">
          {recent.map((r) => (
            <button key={r} type="button" className="button mono" onClick={() => void browse(r)}>
              {r}
            </button>
          ))}
        </div>
      ) : null}
    </section>
  );
}

interface TagsToolbarProps {
  s: TagsState;
  /** Rows after the filter. */
  shown: number;
  /** How many of the tags are cosign / referrers fallback tags. */
  artifactTags: number;
}

/** Filter, regex, signature tags, sort, the count, and the listing's progress with Stop. */
function TagsToolbar({ s, shown, artifactTags }: TagsToolbarProps) {
  const streaming = s.listing === 'opening' || s.listing === 'streaming';
  return (
    <div className="tags-toolbar">
      <label className="search-field">
        <SearchIcon />
        <input
          type="search"
          data-testid="tags-filter"
          aria-label="Filter tags"
          placeholder={s.regex ? 'Regular expression' : 'Filter tags'}
          value={s.filter}
          onChange={(e) => {
            performance.mark('berth:tags-filter-input');
            s.setFilter(e.target.value);
          }}
          spellCheck={false}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="tags-filter-regex"
          checked={s.regex}
          onChange={(e) => s.setRegex(e.target.checked)}
        />
        Regex
      </label>
      {artifactTags > 0 ? (
        <label
          className="checkbox"
          title="cosign and referrers fallback tags (sha256-….sig, .att, .sbom)"
        >
          <input
            type="checkbox"
            data-testid="tags-show-artifacts"
            checked={s.showArtifacts}
            onChange={(e) => s.setShowArtifacts(e.target.checked)}
          />
          Signature tags ({artifactTags.toLocaleString('en')})
        </label>
      ) : null}
      <select
        className="input"
        data-testid="tags-sort"
        aria-label="Sort tags"
        value={s.sort}
        onChange={(e) => s.setSort(e.target.value as TagSort)}
      >
        <option value="lexical">A → Z</option>
        <option value="semver">Version (newest first)</option>
        <option value="newest">Created (newest first)</option>
      </select>
      <span className="tags-toolbar__count" data-testid="tags-count" aria-live="polite">
        {countLabel(
          shown,
          s.showArtifacts ? s.tags.length : s.tags.length - artifactTags,
          'tag',
          s.filter.trim() !== '',
        )}
      </span>
      {streaming ? (
        <span className="tags-progress" data-testid="tags-progress">
          <Spinner /> {s.tags.length.toLocaleString('en')} of ? tags…
          <button
            type="button"
            className="button"
            data-testid="tags-stop"
            onClick={() => void s.stop()}
          >
            Stop
          </button>
        </span>
      ) : null}
    </div>
  );
}

/** Why the listing failed (with Retry), or that the repository has no tags. */
function ListingOutcome({ s }: { s: TagsState }) {
  return (
    <>
      {s.error ? (
        <div data-testid="tags-error">
          <ErrorPanel
            title={ERROR_TITLES[s.error.code] ?? 'Could not list the tags'}
            error={s.error}
            onRetry={() => void s.browse(s.input)}
          />
        </div>
      ) : null}
      {s.listing === 'done' && s.tags.length === 0 && !s.error ? (
        <p className="muted tags-empty">This repository has no tags.</p>
      ) : null}
    </>
  );
}
