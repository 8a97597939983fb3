#!/usr/bin/env bash
# Make sure RabbitMQ answers on 127.0.0.1:5672; start it when it does not.
set -euo pipefail
up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
up && exit 0
if ! command -v rabbitmq-server >/dev/null; then
  echo "RabbitMQ is not installed and nothing listens on 127.0.0.1:5672;" >&2
  echo "install it (apt-get install rabbitmq-server) or point the tests at a broker." >&2
  exit 1
fi
echo "starting RabbitMQ"
rabbitmq-server -detached >/dev/null 2>&1 || true
for _ in $(seq 1 60); do
  up && exit 0
  sleep 1
done
echo "RabbitMQ did not come up on 127.0.0.1:5672 within 60 s" >&2
exit 1
