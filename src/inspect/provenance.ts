/**
 * A provenance summary (source repository, commit, builder) out of an in-toto statement,
 * plain or wrapped in a DSSE envelope (cosign `.att`). Field paths follow SLSA provenance
 * v0.2 and v1 (slsa.dev/provenance), BuildKit's own metadata
 * (moby/buildkit docs/attestations/slsa-definitions.md: `https://mobyproject.org/buildkit@v1#metadata`
 * → vcs.source / vcs.revision) and GitHub's build type (externalParameters.workflow).
 */
import type { Provenance } from '../shared/image-content';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => obj(o)[k], v);

/** The in-toto statement in a blob: the JSON itself, or a DSSE envelope's decoded payload. */
export function statementOf(json: unknown): Json | null {
  const o = obj(json);
  if (typeof o.payload === 'string' && typeof o.payloadType === 'string') {
    try {
      return obj(JSON.parse(Buffer.from(o.payload, 'base64').toString('utf8')));
    } catch {
      return null;
    }
  }
  return '_type' in o || 'predicateType' in o ? o : null;
}

export function isProvenanceType(predicateType: string): boolean {
  return predicateType.startsWith('https://slsa.dev/provenance/');
}

export function summarizeProvenance(statement: Json): Provenance | null {
  const type = str(statement.predicateType);
  if (!type || !isProvenanceType(type)) return null;
  const p = obj(statement.predicate);
  const buildkit = obj(at(p, 'metadata', 'https://mobyproject.org/buildkit@v1#metadata'));
  const v1Buildkit = obj(at(p, 'runDetails', 'metadata', 'buildkit_metadata'));
  const workflow = obj(at(p, 'buildDefinition', 'externalParameters', 'workflow'));
  const configSource = obj(at(p, 'invocation', 'configSource'));
  const v1ConfigSource = obj(at(p, 'buildDefinition', 'externalParameters', 'configSource'));
  const firstDependency = obj(
    (at(p, 'buildDefinition', 'resolvedDependencies') as unknown[] | undefined)?.[0],
  );
  const source =
    str(at(buildkit, 'vcs', 'source')) ??
    str(at(v1Buildkit, 'vcs', 'source')) ??
    str(workflow.repository) ??
    str(configSource.uri) ??
    str(v1ConfigSource.uri) ??
    str(firstDependency.uri);
  const commit =
    str(at(buildkit, 'vcs', 'revision')) ??
    str(at(v1Buildkit, 'vcs', 'revision')) ??
    str(at(configSource, 'digest', 'sha1')) ??
    str(at(v1ConfigSource, 'digest', 'sha1')) ??
    str(at(firstDependency, 'digest', 'gitCommit')) ??
    str(at(firstDependency, 'digest', 'sha1'));
  return {
    sourceRepository: source,
    commit,
    builder: str(at(p, 'builder', 'id')) ?? str(at(p, 'runDetails', 'builder', 'id')),
    buildType: str(p.buildType) ?? str(at(p, 'buildDefinition', 'buildType')),
  };
}
