# The Backchannel server for docker-compose.yml. Neo4j runs in its own container (NEO4J_URI).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts
COPY bin ./bin
COPY server ./server
COPY cypher ./cypher
COPY client ./client
EXPOSE 8080
CMD ["bin/backchannel", "up"]
