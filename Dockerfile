# The Backchannel server for docker-compose.yml. Neo4j runs in its own container (NEO4J_URI).

# Build stage: the browser client is built with vite, a devDependency, so this stage installs them
# all. It imports the model from server/, hence the copy of server/ (and tsconfig.json for vite).
FROM node:20-bookworm-slim AS client
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY server ./server
COPY client ./client
RUN npm run build:client

# Runtime: production dependencies only, the server's sources and the built client (no client
# sources, no vite). tests/unit/dockerfile.test.ts replays these steps, since no Docker engine runs
# where the tests run.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY bin ./bin
COPY server ./server
COPY cypher ./cypher
COPY --from=client /app/client/dist ./client/dist
EXPOSE 8080
CMD ["bin/backchannel", "up"]
