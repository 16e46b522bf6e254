# syntax=docker/dockerfile:1
# One image for both services and their one-shot jobs; the first argument chooses what runs:
#   docker run <image> calculator | totals | migrate | apply-connectors
# Node runs the TypeScript sources directly, so there is no build step, only production dependencies.
# NODE_VERSION is the project's pinned Node (the `node` devDependency in package.json).
ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-trixie-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# No production dependency needs an install script; skipping them keeps the build reproducible. The
# fixes in patches/ (kafkajs 2.2.4's negative timeout) are applied as `npm install` applies them locally;
# patch-package is a devDependency, so it runs here through npx, at the same pinned version.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npx --yes patch-package@8.0.1 \
    && npm cache clean --force

FROM node:${NODE_VERSION}-trixie-slim AS runtime
# Inside the image each service is alone in its container, so both listen on 50051 on every interface.
# Migrations run once per release (compose's migrate service, the chart's pre-upgrade hook), not in
# every replica.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=8 --max-old-space-size=128" \
    CALCULATOR_GRPC_HOST=0.0.0.0 \
    CALCULATOR_GRPC_PORT=50051 \
    TOTALS_GRPC_HOST=0.0.0.0 \
    TOTALS_GRPC_PORT=50051 \
    CALCULATOR_MIGRATE_ON_START=false \
    TOTALS_MIGRATE_ON_START=false
WORKDIR /app
# Owned by root and not writable by the service user: the root filesystem may be mounted read-only.
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
# Only what the image runs: the services, their jobs and entry point, and the generated gRPC code.
COPY src/services ./src/services
COPY src/generated ./src/generated
COPY migrations ./migrations
COPY connectors ./connectors
# The `node` user of the official image, by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 50051
# The services finish in-flight work on SIGTERM (src/services/shared/stop-on-signals.ts) within 20 s.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "src/services/container/grpc-health-check.ts", "127.0.0.1:50051"]
ENTRYPOINT ["node", "src/services/container/container-cli.ts"]
CMD ["calculator"]
