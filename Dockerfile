# syntax=docker/dockerfile:1

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is a native addon: the prebuilt binary usually downloads,
# but the toolchain is needed when it has to compile from source.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
# Manifests first so the dependency layer is cached across source changes.
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY migrations ./migrations
RUN npm run build \
    && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CMS_DB_PATH=/data/cms.sqlite
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# dist/db/client.js resolves migrations at /app/migrations.
COPY --from=build --chown=node:node /app/migrations ./migrations
COPY --from=build --chown=node:node /app/package.json ./package.json
# The reference reader, served at /reader/ when CMS_SERVE_READER=true (off in production by default).
COPY --chown=node:node examples/reader ./examples/reader
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# Slim images have no curl; Node 20 has a global fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# As `npm start` runs it (two malloc arenas, a small young generation and slow heap growth: see
# README, Performance).
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-semi-space-size=2", "--heap-growing-percent=10", "dist/server.mjs"]
