/**
 * Update checks for local images: the engine says which digest it recorded for each tag,
 * the registry (one HEAD per tag, four at a time) says where the tag points now.
 */
import type { EnginePort } from '../engine';
import { checkUpdate, tagReference } from '../inspect';
import type { RegistryClient } from '../registry';
import type { UpdateCheck } from '../shared/image-content';
import { toErrorShape } from '../shared/errors';
import { mapLimit } from '../shared/map-limit';

const IN_FLIGHT = 4;

export async function checkUpdates(
  engine: EnginePort,
  registry: RegistryClient,
  references: readonly string[],
): Promise<UpdateCheck[]> {
  return mapLimit(references, IN_FLIGHT, async (input) => {
    const reference = tagReference(input);
    let repoDigests: string[];
    try {
      repoDigests = (await engine.inspectImage(reference)).repoDigests;
    } catch (error) {
      const shape = toErrorShape(error);
      return {
        reference,
        status: 'failed',
        localDigests: [],
        remoteDigest: null,
        remoteIsIndex: false,
        rateLimit: null,
        summary: `The engine has no image ${reference} to compare: ${shape.message}`,
        error: { code: shape.code, message: shape.message },
      };
    }
    return checkUpdate(registry, reference, repoDigests);
  });
}
