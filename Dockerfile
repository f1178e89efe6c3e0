# syntax=docker/dockerfile:1
# trackdown serve in a container: the project is a volume at /project, the API on port 4600.
# Build:  docker build -t trackdown .
# Run:    docker run -d -p 4600:4600 -v "$PWD:/project" -e TRACKDOWN_TOKEN=... trackdown
# See docs/server.md ("Docker"). A token is required: the server binds to 0.0.0.0 in here.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; the compiler is only its fallback.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# No lifecycle scripts yet: `prepare` builds, and the sources are not here until the next step.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    TRACKDOWN_ROOT=/project \
    TRACKDOWN_AGENT=trackdown-server
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's own user (uid 1000); run with --user to match the owner of the mounted project.
USER node
VOLUME ["/project"]
EXPOSE 4600
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4600/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/dist/trackdown.cjs"]
CMD ["serve", "--host", "0.0.0.0", "--port", "4600"]
