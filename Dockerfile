# syntax=docker/dockerfile:1
# SIP-lotsen's image (README "Container image"). Two stages: the build has the dev tools; the
# runtime has production dependencies only and exactly the files `npm pack` ships (package.json
# "files"), which test/deploy/production-install.test.ts installs and runs the same way on CI.
#
# Node 20, pinned to the release CI tests on: pg-boss 10, p-retry 7, vitest 4 and nock 14 were
# chosen for Node 20 (their next majors need Node 22). Moving to Node 22 is one line here and one
# in the test's check, after the stack moves.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# Install scripts are not run: none is needed (README "Dependency notes"), and botbuilder-dialogs'
# postinstall would reach for the network through npx.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
# test/types: tsconfig's path mapping for adaptivecards' types, which the compiler follows.
COPY tsconfig.json tsconfig.build.json ./
COPY test/types ./test/types
COPY src ./src
COPY cards ./cards
COPY knowledge ./knowledge
RUN npm run build \
 && npm pack --pack-destination /tmp \
 && mkdir /out \
 && tar -xzf /tmp/sip-lotsen-*.tgz -C /out --strip-components=1

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /out/ ./
# PGlite's folder (the embedded database) and the generated data key when DATA_KEY_FILE is unset;
# with DATABASE_URL nothing is written there.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
# Liveness: the process answers (not the database: see src/http/readiness.ts; compose checks
# /readyz instead). slim has no curl; Node has fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself as PID 1: it handles SIGTERM (index.ts) and exits 0 once work in flight is done.
CMD ["node", "dist/index.js"]
