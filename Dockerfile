# Loan-application screening service. The TypeScript sources run through tsx (a runtime
# dependency); there is no build step.
#   docker build -t loan-screening .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... -e ADMIN_API_KEY=... loan-screening
FROM node:24-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so that a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# .dockerignore is an allowlist: this copies only src/, migrations/, models/ (when present),
# package*.json, tsconfig.json and openapi.yaml. The files stay owned by root, read-only
# to the service.
COPY . .

# Without DATABASE_URL the service keeps its embedded PGlite database in DATA_DIR/pglite;
# the node user must be able to write there. Mount a volume on /app/data to keep it.
RUN mkdir -p /app/data && chown node:node /app/data

USER node
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
EXPOSE 3000

# Liveness only (/healthz); /readyz also checks the database and is for load balancers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node is PID 1 and handles SIGTERM itself: it stops accepting, finishes in-flight
# requests, flushes the decision log and closes the pool within SHUTDOWN_TIMEOUT_MS.
CMD ["node", "--max-semi-space-size=32", "--no-allocation-site-pretenuring", "--import", "tsx", "src/server.ts"]
