/**
 * The YAML library, loaded by the first Kubernetes export or import rather than with this
 * folder's face: the credential lookups of every pull go through that face (issue 11, start-up).
 * A bundled CommonJS module may come back from import() as the namespace's default export only
 * (the CLI bundle, scripts/cli-build.mjs), so both shapes are taken.
 */
import type * as YamlModule from 'yaml';

type Yaml = typeof YamlModule;

export async function loadYaml(): Promise<Yaml> {
  const loaded = await import('yaml');
  if (typeof loaded.stringify === 'function') return loaded;
  const fallback: unknown = 'default' in loaded ? loaded.default : undefined;
  if (isYaml(fallback)) return fallback;
  throw new Error('yaml loaded without its exports');
}

function isYaml(value: unknown): value is Yaml {
  return (
    typeof value === 'object' &&
    value !== null &&
    'stringify' in value &&
    typeof value.stringify === 'function' &&
    'parseAllDocuments' in value &&
    typeof value.parseAllDocuments === 'function'
  );
}
