# The Kehoach worker (and, later, the web service) for the docker-compose topology.
FROM node:20-bookworm-slim
WORKDIR /app
# openssl: the compose `certs` service makes the cluster's TLS certificates with it (engine/cluster-tls.ts).
RUN apt-get update && apt-get install -y --no-install-recommends openssl && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The Temporal CLI is not needed in the image (the cluster is a real Temporal server).
RUN npm ci --omit=dev --ignore-scripts
COPY . .
ENV NODE_ENV=production
CMD ["npx", "tsx", "scripts/worker.ts"]
