#!/usr/bin/env bash
# Deploys the Athena proxy stack (infra/template.yaml). Walk-through: docs/deploy.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: npm run deploy -- [options] [Key=Value ...]

Builds the Lambda bundle (build/lambda/), then deploys infra/template.yaml:
  * with `sam deploy --guided` when the SAM CLI is on PATH (it asks for every parameter and remembers them), or
  * with `aws cloudformation package` + `aws cloudformation deploy` otherwise.

Options:
  --stack-name NAME        Stack name (env STACK_NAME, default looker-athena-proxy)
  --artifact-bucket NAME   Existing S3 bucket for the packaged code (env ARTIFACT_BUCKET; aws CLI path only)
  --region REGION          AWS region (env AWS_REGION / AWS_DEFAULT_REGION, else the CLI's configured region)
  --no-sam                 Use the aws CLI path even when sam is installed
  --skip-build             Deploy the existing build/lambda/ bundle
  -h, --help               Show this help

Key=Value pairs are template parameters, e.g.
  npm run deploy -- --artifact-bucket my-artifacts DatabaseName=analytics DataBucketName=my-lake \
    ExposedTables=analytics.food_pickup,analytics.payment_requested
(env PARAMETER_OVERRIDES may hold the same pairs, space-separated).

Prints the stack outputs at the end: ApiUrl (the connector's path) and ConnectorUserPolicyArn.
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_NAME="${STACK_NAME:-looker-athena-proxy}"
ARTIFACT_BUCKET="${ARTIFACT_BUCKET:-}"
REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
USE_SAM=auto
BUILD=yes
PARAMS=()
if [[ -n "${PARAMETER_OVERRIDES:-}" ]]; then read -r -a PARAMS <<<"$PARAMETER_OVERRIDES"; fi

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --stack-name) STACK_NAME="${2:?--stack-name needs a value}"; shift 2 ;;
    --artifact-bucket) ARTIFACT_BUCKET="${2:?--artifact-bucket needs a value}"; shift 2 ;;
    --region) REGION="${2:?--region needs a value}"; shift 2 ;;
    --no-sam) USE_SAM=no; shift ;;
    --skip-build) BUILD=no; shift ;;
    *=*) PARAMS+=("$1"); shift ;;
    *) echo "Unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

REGION_ARGS=()
if [[ -n "$REGION" ]]; then REGION_ARGS=(--region "$REGION"); fi

cd "$ROOT"
if [[ "$BUILD" == yes ]]; then
  npx tsx tools/build/buildLambda.ts
fi
if [[ ! -f build/lambda/index.js ]]; then
  echo "build/lambda/index.js is missing; run without --skip-build." >&2
  exit 1
fi

if [[ "$USE_SAM" == auto ]] && command -v sam >/dev/null 2>&1; then
  OVERRIDES=()
  if [[ ${#PARAMS[@]} -gt 0 ]]; then OVERRIDES=(--parameter-overrides "${PARAMS[@]}"); fi
  sam deploy --guided --template-file infra/template.yaml --stack-name "$STACK_NAME" \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND ${REGION_ARGS[@]+"${REGION_ARGS[@]}"} ${OVERRIDES[@]+"${OVERRIDES[@]}"}
else
  if ! command -v aws >/dev/null 2>&1; then
    echo "Neither the SAM CLI nor the AWS CLI is on PATH; install one of them (docs/deploy.md)." >&2
    exit 1
  fi
  if [[ -z "$ARTIFACT_BUCKET" ]]; then
    echo "--artifact-bucket (or ARTIFACT_BUCKET) is required without the SAM CLI: an S3 bucket for the code." >&2
    exit 2
  fi
  mkdir -p build
  aws cloudformation package --template-file infra/template.yaml --s3-bucket "$ARTIFACT_BUCKET" \
    --output-template-file build/packaged.yaml ${REGION_ARGS[@]+"${REGION_ARGS[@]}"}
  OVERRIDES=()
  if [[ ${#PARAMS[@]} -gt 0 ]]; then OVERRIDES=(--parameter-overrides "${PARAMS[@]}"); fi
  aws cloudformation deploy --template-file build/packaged.yaml --stack-name "$STACK_NAME" \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
    ${REGION_ARGS[@]+"${REGION_ARGS[@]}"} ${OVERRIDES[@]+"${OVERRIDES[@]}"}
fi

# sam prints the outputs itself; the aws CLI path shows them here.
if command -v aws >/dev/null 2>&1; then
  aws cloudformation describe-stacks --stack-name "$STACK_NAME" ${REGION_ARGS[@]+"${REGION_ARGS[@]}"} \
    --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
fi
