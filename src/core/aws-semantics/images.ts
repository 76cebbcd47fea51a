/** Where a container image comes from, decided from its reference alone. */

/** The kinds of registries that matter for a task without internet access. */
export type ImageRegistryKind = 'ecr-private' | 'ecr-public' | 'docker-hub' | 'public-registry' | 'other-registry';

/** A classified image reference. For private ECR, `account`, `region` and `repository` are set. */
export interface ImageReference {
  image: string;
  kind: ImageRegistryKind;
  registryHost: string;
  account: string | null;
  region: string | null;
  repository: string | null;
}

const wellKnownPublicRegistries = [
  'ghcr.io',
  'quay.io',
  'gcr.io',
  'registry.k8s.io',
  'mcr.microsoft.com',
  'registry.gitlab.com',
  'docker.elastic.co',
];

/** Classifies `image` (e.g. `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1`, `nginx:latest`, `ghcr.io/o/r`). */
export function classifyImage(image: string): ImageReference {
  const trimmed = image.trim();
  const slash = trimmed.indexOf('/');
  const firstPart = slash === -1 ? '' : trimmed.slice(0, slash);
  // Docker's rule: the first path part is a registry host only if it has a dot or a port, or is "localhost".
  const hasRegistryHost = firstPart.includes('.') || firstPart.includes(':') || firstPart === 'localhost';
  const registryHost = hasRegistryHost ? firstPart.toLowerCase() : 'docker.io';
  const path = hasRegistryHost ? trimmed.slice(slash + 1) : trimmed;
  const repository = path.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  const ecr = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(registryHost);
  if (ecr) return { image: trimmed, kind: 'ecr-private', registryHost, account: ecr[1], region: ecr[2], repository };
  const base = { image: trimmed, registryHost, account: null, region: null, repository };
  if (registryHost === 'public.ecr.aws') return { ...base, kind: 'ecr-public' };
  if (registryHost === 'docker.io' || registryHost === 'index.docker.io' || registryHost === 'registry-1.docker.io') {
    return { ...base, kind: 'docker-hub' };
  }
  if (wellKnownPublicRegistries.includes(registryHost)) return { ...base, kind: 'public-registry' };
  return { ...base, kind: 'other-registry' };
}

/** The ARN of a private ECR repository, the resource ECR pull actions are authorised on. */
export function ecrRepositoryArn(reference: ImageReference, partition = 'aws'): string | null {
  if (reference.kind !== 'ecr-private' || !reference.account || !reference.region || !reference.repository) return null;
  return `arn:${partition}:ecr:${reference.region}:${reference.account}:repository/${reference.repository}`;
}
