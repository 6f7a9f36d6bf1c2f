// Repository files that are not Kubernetes manifests, known by their names.

/**
 * Files a repository holds beside its manifests that are not Kubernetes objects (compose files, Helm
 * values and Chart.yaml, kustomization.yaml, package.json, CI workflows, gwctl's own config): their
 * documents without apiVersion/kind are counted as ignored, not reported as broken manifests. Each
 * pattern says what such a file is (`--verbose` names the file and why it was not read as a manifest).
 */
const NOT_KUBERNETES: readonly [RegExp, string][] = [
  [/^(docker-)?compose([.-][^/]*)?\.ya?ml$/i, 'a Docker Compose file'],
  [/^values([.-][^/]*)?\.ya?ml$/i, 'Helm values'],
  [/^(Chart|requirements)\.ya?ml$/, "a Helm chart's metadata"],
  [/^kustomization\.ya?ml$/i, 'a kustomization (render it with -k <folder>)'],
  [/^(package|package-lock|composer|tsconfig([.-][^/]*)?|renovate|\.eslintrc|\.prettierrc|jsconfig|lerna|nx|turbo|deno)\.json$/i, 'a build tool configuration'],
  [/^\.gwctl\.ya?ml$/i, "gwctl's configuration"],
  [/^\.(gitlab-ci|travis|pre-commit-config|pre-commit-hooks|golangci|goreleaser|yamllint|markdownlint|codecov|mergify)\.ya?ml$/i, 'a CI or tool configuration'],
  [/^(azure-pipelines|bitbucket-pipelines|cloudbuild|codecov|mkdocs|buf(\.gen|\.work)?|dependabot|\.?gitpod|skaffold|tilt|devfile|action)\.ya?ml$/i, 'a CI or tool configuration'],
];

// Asked for every document of a file in turn: the last answer is kept.
let lastFile: string | undefined;
let lastKind: string | undefined;

/** What a file is, by its path, when it is a known kind of repository file that holds no Kubernetes objects. */
export function nonKubernetesKind(file: string): string | undefined {
  if (file !== lastFile) {
    lastKind = kindOf(file);
    lastFile = file;
  }
  return lastKind;
}

function kindOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  // Anything under .github/ (workflows, dependabot, issue templates), .circleci/ or .gitlab/.
  const ci = parts.slice(0, -1).find((d) => d === '.github' || d === '.circleci' || d === '.gitlab');
  if (ci !== undefined) return `CI configuration (under ${ci}/)`;
  return NOT_KUBERNETES.find(([re]) => re.test(base))?.[1];
}

/** Whether a file, by its path, is a known kind of repository file that holds no Kubernetes objects. */
export function isKnownNonKubernetesFile(file: string): boolean {
  return nonKubernetesKind(file) !== undefined;
}
