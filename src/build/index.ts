export { BuildService } from './build-service';
export type { BuildCallbacks, BuildServiceDeps } from './build-service';
export { planBuild, timeTag } from './build-plan';
export type { BuildPlan, BuildRequest } from './build-plan';
export { autoDockerfile, prefectImageName, localPrefect } from './auto-dockerfile';
export { readBuildContext, contextTar } from './build-context';
export { parseDockerignore, isIgnored } from './dockerignore';
export { buildFailure, BuildTranscript, dockerfileInstructions } from './build-failure';
