// Repository files that are not Kubernetes manifests, known by their names.

/**
 * Files a repository holds beside its manifests that are not Kubernetes objects (compose files, Helm
 * values and Chart.yaml, kustomization.yaml, package.json, CI workflows, gwctl's own config): their
 * documents without apiVersion/kind are counted as ignored, not reported as broken manifests.
 */
const NOT_KUBERNETES = [
  /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i,
  /^values([.-][^/]*)?\.ya?ml$/i,
  /^(Chart|requirements)\.ya?ml$/,
  /^kustomization\.ya?ml$/i,
  /^(package|package-lock|composer|tsconfig([.-][^/]*)?|renovate|\.eslintrc|\.prettierrc|jsconfig|lerna|nx|turbo|deno)\.json$/i,
  /^\.(gitlab-ci|travis|pre-commit-config|pre-commit-hooks|golangci|goreleaser|yamllint|markdownlint|codecov|mergify|gwctl)\.ya?ml$/i,
  /^(azure-pipelines|bitbucket-pipelines|cloudbuild|codecov|mkdocs|buf(\.gen|\.work)?|dependabot|\.?gitpod|skaffold|tilt|devfile|action)\.ya?ml$/i,
];

/** Whether a file, by its path, is a known kind of repository file that holds no Kubernetes objects. */
export function isKnownNonKubernetesFile(file: string): boolean {
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  // Anything under .github/ (workflows, dependabot, issue templates) or .circleci/.
  if (parts.slice(0, -1).some((d) => d === '.github' || d === '.circleci' || d === '.gitlab')) return true;
  return NOT_KUBERNETES.some((re) => re.test(base));
}
