#!/usr/bin/env bash
# Starts (or stops) local S3 (S3Proxy, filesystem blob store) and SQS (ElasticMQ) on loopback, each as its own JVM
# from Maven-resolved artifacts (the deploy/local-aws module), with PID files and logs in a run folder. Prints the
# endpoints and the environment to export. Same services and settings as LocalAwsServices (lhx demo --stream, the tests).
#   deploy/local-aws.sh start     # resolves the artifacts on first use (network once, then offline)
#   deploy/local-aws.sh stop
#   deploy/local-aws.sh status
# Settings (environment): LHX_LOCAL_AWS_DIR (/tmp/lhx-local-aws), LHX_S3_PORT (9000), LHX_SQS_PORT (9324),
# LHX_SQS_QUEUES (lecture-uploads, comma-separated), LHX_S3_BUCKETS (lectures, comma-separated; created on start).
set -euo pipefail
action="${1:-start}"
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${LHX_LOCAL_AWS_DIR:-/tmp/lhx-local-aws}")
s3_port="${LHX_S3_PORT:-9000}"
sqs_port="${LHX_SQS_PORT:-9324}"
queues="${LHX_SQS_QUEUES:-lecture-uploads}"
buckets="${LHX_S3_BUCKETS:-lectures}"
access_key=local-access-key
secret_key=local-secret-key
region=us-east-1
account=000000000000
cp_dir="$root/deploy/local-aws/target"

running() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

await_http() { # name url pid
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null --max-time 2 "$2"; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "$1 exited; log: $dir/$1.log" >&2; tail -20 "$dir/$1.log" >&2; return 1; fi
    sleep 0.1
  done
  echo "$1 did not answer on $2 within 60 s; log: $dir/$1.log" >&2; return 1
}

case "$action" in
  start)
    if [ ! -s "$cp_dir/s3proxy.classpath" ] || [ ! -s "$cp_dir/elasticmq.classpath" ]; then
      (cd "$root" && mvn -B -q -pl deploy/local-aws generate-resources) >&2
    fi
    java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
    mkdir -p "$dir/s3proxy-data"
    if ! running s3proxy; then
      cat > "$dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$access_key
s3proxy.credential=$secret_key
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/s3proxy-data
PROPS
      nohup "$java" -Xmx256m -cp "$(cat "$cp_dir/s3proxy.classpath")" org.gaul.s3proxy.Main \
        --properties "$dir/s3proxy.properties" > "$dir/s3proxy.log" 2>&1 &
      echo $! > "$dir/s3proxy.pid"
    fi
    if ! running elasticmq; then
      {
        echo 'include classpath("application.conf")'
        echo "node-address { protocol = http, host = \"127.0.0.1\", port = $sqs_port, context-path = \"\" }"
        echo "rest-sqs { enabled = true, bind-port = $sqs_port, bind-hostname = \"127.0.0.1\", sqs-limits = strict }"
        echo 'rest-stats { enabled = false }'
        echo "aws { region = \"$region\", accountId = \"$account\" }"
        echo 'queues {'
        IFS=',' read -ra qs <<< "$queues"
        for q in "${qs[@]}"; do echo "  \"$q\" { defaultVisibilityTimeout = 30 seconds }"; done
        echo '}'
      } > "$dir/elasticmq.conf"
      nohup "$java" -Xmx256m "-Dconfig.file=$dir/elasticmq.conf" -cp "$(cat "$cp_dir/elasticmq.classpath")" \
        org.elasticmq.server.Main > "$dir/elasticmq.log" 2>&1 &
      echo $! > "$dir/elasticmq.pid"
    fi
    await_http s3proxy "http://127.0.0.1:$s3_port/" "$(cat "$dir/s3proxy.pid")"
    await_http elasticmq "http://127.0.0.1:$sqs_port/" "$(cat "$dir/elasticmq.pid")"
    # Buckets through the S3 API itself (SigV4 signed by curl, which gets the empty-body hash wrong, hence
    # UNSIGNED-PAYLOAD); an existing bucket is fine.
    IFS=',' read -ra bs <<< "$buckets"
    for b in "${bs[@]}"; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' --aws-sigv4 "aws:amz:$region:s3" \
        --user "$access_key:$secret_key" "http://127.0.0.1:$s3_port/$b")
      case "$code" in 200|409) ;; *) echo "creating bucket $b failed: HTTP $code" >&2; exit 1 ;; esac
    done
    echo "# S3Proxy pid $(cat "$dir/s3proxy.pid"), ElasticMQ pid $(cat "$dir/elasticmq.pid"); logs in $dir"
    echo "export AWS_ACCESS_KEY_ID=$access_key"
    echo "export AWS_SECRET_ACCESS_KEY=$secret_key"
    echo "export AWS_REGION=$region"
    echo "export LHX_S3_ENDPOINT=http://127.0.0.1:$s3_port"
    echo "export LHX_SQS_ENDPOINT=http://127.0.0.1:$sqs_port"
    IFS=',' read -ra qs <<< "$queues"
    echo "export LHX_SQS_QUEUE_URL=http://127.0.0.1:$sqs_port/$account/${qs[0]}"
    echo "# Beam: --endpoint=http://127.0.0.1:$s3_port --awsRegion=$region" \
      "--s3ClientFactoryClass=io.lecturehighlights.transforms.common.PathStyleS3ClientBuilderFactory" \
      "--awsCredentialsProvider='{\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"$access_key\",\"secretAccessKey\":\"$secret_key\"}'"
    ;;
  stop)
    for svc in s3proxy elasticmq; do
      if running "$svc"; then
        pid=$(cat "$dir/$svc.pid")
        kill "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        echo "stopped $svc (pid $pid)"
      fi
      rm -f "$dir/$svc.pid"
    done
    ;;
  status)
    for svc in s3proxy elasticmq; do
      if running "$svc"; then echo "$svc running (pid $(cat "$dir/$svc.pid"))"; else echo "$svc stopped"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
