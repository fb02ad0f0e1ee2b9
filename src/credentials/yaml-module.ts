/**
 * The YAML library, loaded by the first Kubernetes export or import rather than with this
 * folder's face: the credential lookups of every pull go through that face (issue 11, start-up).
 */
import type * as YamlModule from 'yaml';
import { hasFunctions, moduleExports } from '../shared/module-exports';

type Yaml = typeof YamlModule;

const isYaml = (value: unknown): value is Yaml =>
  hasFunctions(value, 'stringify', 'parseAllDocuments');

export async function loadYaml(): Promise<Yaml> {
  return moduleExports(await import('yaml'), isYaml, 'yaml');
}
