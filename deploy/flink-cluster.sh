#!/usr/bin/env bash
# Starts (or stops) a real local Flink 1.19 session cluster: a JobManager and TaskManagers, each its own JVM, from
# Maven-resolved Flink artifacts (flink-dist is not on Maven Central; the deploy/flink-cluster module resolves what
# its lib/ would hold), with the configuration in flink-conf/session/, PID files, and logs the dashboard shows.
#   deploy/flink-cluster.sh start [--taskmanagers N]  # JobManager + N TaskManagers (default 1); waits for the slots
#   deploy/flink-cluster.sh stop                      # TaskManagers first, then the JobManager: SIGTERM, 30 s, SIGKILL
#   deploy/flink-cluster.sh status                    # dashboard URL, processes, TaskManagers and slots
#   deploy/flink-cluster.sh add-taskmanager           # one more TaskManager; prints its PID
#   deploy/flink-cluster.sh stop-taskmanager PID [--kill]  # one TaskManager by PID (--kill: SIGKILL at once, a crash)
# Submit the pipeline:  ./lhx batch --runner flink --flink-master localhost:8081 --input ... --output ...
# Settings (environment):
#   LHX_FLINK_DIR               work folder: conf, logs, PID files, checkpoints, blobs, temp
#                               (default ${LHX_HOME:-~/.lecture-highlights}/cluster)
#   LHX_FLINK_REST_PORT         REST API and dashboard (8081)
#   LHX_FLINK_RPC_PORT          JobManager RPC (6123)
#   LHX_FLINK_PROMETHEUS_PORT   first Prometheus port (9250): the JobManager's; TaskManager n gets this + n
#   LHX_FLINK_TM_MEMORY         TaskManager process size (5120m)
#   LHX_FLINK_SLOTS             slots per TaskManager (2)
#   LHX_FLINK_START_TIMEOUT     seconds to wait for the REST API and the slots (120)
#   LHX_FLINK_HEARTBEAT_INTERVAL  ms between JobManager/TaskManager heartbeats (10000)
#   LHX_FLINK_HEARTBEAT_TIMEOUT   ms without a heartbeat before a TaskManager counts as lost (120000; tests that kill
#                               a TaskManager lower it so the restart does not wait two minutes)
# TaskManagers inherit this shell's environment (PATH for pocketsphinx_continuous, API keys, LHX_DB_PASSWORD).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
home="${LHX_HOME:-$HOME/.lecture-highlights}"
dir=$(realpath -m "${LHX_FLINK_DIR:-$home/cluster}")
rest_port="${LHX_FLINK_REST_PORT:-8081}"
rpc_port="${LHX_FLINK_RPC_PORT:-6123}"
prom_port="${LHX_FLINK_PROMETHEUS_PORT:-9250}"
tm_memory="${LHX_FLINK_TM_MEMORY:-5120m}"
slots="${LHX_FLINK_SLOTS:-2}"
start_timeout="${LHX_FLINK_START_TIMEOUT:-120}"
heartbeat_interval="${LHX_FLINK_HEARTBEAT_INTERVAL:-10000}"
heartbeat_timeout="${LHX_FLINK_HEARTBEAT_TIMEOUT:-120000}"
cp_dir="$root/deploy/flink-cluster/target"
conf="$dir/conf"
pids="$dir/pids"
logs="$dir/log"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# No plugins (the Prometheus reporter is on the classpath); an empty folder keeps Flink from warning about it.
export FLINK_PLUGINS_DIR="$dir/plugins"
rest="http://localhost:$rest_port"

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_of() { [ -f "$1" ] && cat "$1" || true; }
running() { alive "$(pid_of "$pids/$1.pid")"; }

resolve_classpath() {
  if [ ! -s "$cp_dir/flink.classpath" ] || [ ! -s "$cp_dir/media.classpath" ] \
      || [ "$root/deploy/flink-cluster/pom.xml" -nt "$cp_dir/flink.classpath" ]; then
    echo "Resolving the Flink runtime (deploy/flink-cluster, network on first use)..." >&2
    (cd "$root" && mvn -B -q -f deploy/flink-cluster/pom.xml generate-resources) >&2
  fi
}

# flink-conf/session/ with the placeholders filled in; rewritten on every start, so settings take effect.
write_conf() {
  mkdir -p "$conf" "$pids" "$logs" "$dir"/{plugins,tmp,blobs,web-upload,web-tmp,checkpoints,savepoints,rocksdb,completed-jobs,process}
  sed -e "s#\${work.dir}#$dir#g" \
      -e "s#\${rest.port}#$rest_port#g" \
      -e "s#\${rpc.port}#$rpc_port#g" \
      -e "s#\${prometheus.ports}#$prom_port-$((prom_port + 9))#g" \
      -e "s#\${tm.memory}#$tm_memory#g" \
      -e "s#\${slots}#$slots#g" \
      -e "s#\${heartbeat.interval}#$heartbeat_interval#g" \
      -e "s#\${heartbeat.timeout}#$heartbeat_timeout#g" \
      "$root/flink-conf/session/flink-conf.yaml" > "$conf/flink-conf.yaml"
  cp "$root/flink-conf/session/log4j.properties" "$conf/log4j.properties"
}

# JVM options and -D dynamic properties the way Flink's own scripts compute them (memory model -> -Xmx etc.).
# $1: GET_JM_RESOURCE_PARAMS or GET_TM_RESOURCE_PARAMS. Prints two lines: JVM options, then dynamic properties.
resource_params() {
  local out
  out=$("$java" -cp "$(cat "$cp_dir/flink.classpath")" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$conf" "${@:2}" 2>&1) || { echo "$out" >&2; return 1; }
  echo "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -2
}

# Options every Flink JVM gets on Java 17 (the distribution's env.java.opts.all), plus logs and temp files.
common_opts() { # name
  echo "-XX:+IgnoreUnrecognizedVMOptions" \
    "--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED" \
    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED" \
    "--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED" \
    "--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED" \
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED" \
    "--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED" \
    "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED" \
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED" \
    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED" \
    "-Dlog.file=$logs/$1.log -Dlog4j.configurationFile=file:$conf/log4j.properties" \
    "-Djava.io.tmpdir=$dir/tmp"
}

start_jobmanager() {
  if running jobmanager; then return 0; fi
  local params jvm dyn
  params=$(resource_params GET_JM_RESOURCE_PARAMS)
  jvm=$(echo "$params" | head -1)
  dyn=$(echo "$params" | tail -1)
  # shellcheck disable=SC2046,SC2086
  nohup "$java" $jvm $(common_opts jobmanager) -cp "$(cat "$cp_dir/flink.classpath")" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf" \
    -D metrics.reporter.prom.port="$prom_port" $dyn > "$logs/jobmanager.out" 2>&1 &
  echo $! > "$pids/jobmanager.pid"
}

# Starts TaskManager number $1 (its PID file, log and Prometheus port follow the number).
start_taskmanager() {
  local n=$1 params jvm dyn
  params=$(resource_params GET_TM_RESOURCE_PARAMS)
  jvm=$(echo "$params" | head -1)
  dyn=$(echo "$params" | tail -1)
  # shellcheck disable=SC2046,SC2086
  nohup "$java" $jvm $(common_opts "taskmanager-$n") \
    -cp "$(cat "$cp_dir/flink.classpath"):$(cat "$cp_dir/media.classpath")" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" \
    -D metrics.reporter.prom.port="$((prom_port + n))" -D taskmanager.resource-id="taskmanager-$n" \
    $dyn > "$logs/taskmanager-$n.out" 2>&1 &
  echo $! > "$pids/taskmanager-$n.pid"
  echo $!
}

# The lowest TaskManager number without a live process.
next_taskmanager() {
  local n=1
  while running "taskmanager-$n"; do n=$((n + 1)); done
  echo "$n"
}

overview() { curl -s --max-time 2 "$rest/overview" 2>/dev/null || true; }
field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" <<< "$2"; }

# Waits until the REST API reports at least $1 TaskManagers with their slots.
await_slots() {
  local want=$1 o tms total
  for _ in $(seq 1 $((start_timeout * 2))); do
    o=$(overview)
    tms=$(field taskmanagers "$o"); total=$(field slots-total "$o")
    if [ -n "$tms" ] && [ "$tms" -ge "$want" ] && [ "${total:-0}" -ge $((want * slots)) ]; then return 0; fi
    if ! running jobmanager; then
      echo "the JobManager exited; log: $logs/jobmanager.log" >&2; tail -20 "$logs/jobmanager.out" >&2; return 1
    fi
    for f in "$pids"/taskmanager-*.pid; do
      [ -e "$f" ] || continue
      if ! alive "$(pid_of "$f")"; then
        local name; name=$(basename "$f" .pid)
        echo "$name exited; log: $logs/$name.log" >&2; tail -20 "$logs/$name.out" >&2; rm -f "$f"; return 1
      fi
    done
    sleep 0.5
  done
  echo "the cluster did not report $want TaskManager(s) with $slots slots each within ${start_timeout} s" \
    "(REST: $rest); logs in $logs" >&2
  return 1
}

# SIGTERM, up to 30 s, then SIGKILL. $1: name (for messages), $2: PID.
stop_pid() {
  local name=$1 pid=$2
  alive "$pid" || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; echo "killed $name (pid $pid) after 30 s"; else echo "stopped $name (pid $pid)"; fi
  while alive "$pid"; do sleep 0.1; done
}

taskmanager_count() {
  local c=0
  for f in "$pids"/taskmanager-*.pid; do [ -e "$f" ] && alive "$(pid_of "$f")" && c=$((c + 1)); done
  echo "$c"
}

print_status() {
  local o
  if running jobmanager; then
    echo "JobManager running (pid $(pid_of "$pids/jobmanager.pid")); dashboard $rest;" \
      "Prometheus http://localhost:$prom_port/metrics"
  else
    echo "JobManager stopped"
  fi
  for f in "$pids"/taskmanager-*.pid; do
    [ -e "$f" ] || continue
    local name n; name=$(basename "$f" .pid); n=${name#taskmanager-}
    if alive "$(pid_of "$f")"; then
      echo "$name running (pid $(pid_of "$f")); Prometheus http://localhost:$((prom_port + n))/metrics"
    fi
  done
  o=$(overview)
  if [ -n "$o" ]; then
    echo "TaskManagers: $(field taskmanagers "$o"), slots: $(field slots-total "$o") (available: $(field slots-available "$o")),"\
      "jobs running: $(field jobs-running "$o")"
  fi
  echo "work folder: $dir (logs: $logs)"
}

action="${1:-status}"
shift || true
case "$action" in
  start)
    count=1
    while [ $# -gt 0 ]; do
      case "$1" in
        --taskmanagers) count="$2"; shift 2 ;;
        --taskmanagers=*) count="${1#*=}"; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
      esac
    done
    resolve_classpath
    write_conf
    if ! running jobmanager && curl -s -o /dev/null --max-time 2 "$rest/overview"; then
      echo "port $rest_port already answers (another Flink?); set LHX_FLINK_REST_PORT" >&2; exit 1
    fi
    start_jobmanager
    have=$(taskmanager_count)
    for _ in $(seq $((have + 1)) "$count"); do start_taskmanager "$(next_taskmanager)" > /dev/null; done
    want=$(( count > have ? count : have ))
    if ! await_slots "$want"; then "$0" stop >&2 || true; exit 1; fi
    print_status
    ;;
  add-taskmanager)
    running jobmanager || { echo "the JobManager is not running; start the cluster first" >&2; exit 1; }
    resolve_classpath
    want=$(( $(taskmanager_count) + 1 ))
    pid=$(start_taskmanager "$(next_taskmanager)")
    await_slots "$want"
    echo "$pid"
    ;;
  stop-taskmanager)
    target="${1:-}"; mode="${2:-}"
    [ -n "$target" ] || { echo "usage: $0 stop-taskmanager PID [--kill]" >&2; exit 2; }
    for f in "$pids"/taskmanager-*.pid; do
      [ -e "$f" ] || continue
      if [ "$(pid_of "$f")" = "$target" ]; then
        if [ "$mode" = "--kill" ]; then
          kill -9 "$target" 2>/dev/null || true
          while alive "$target"; do sleep 0.1; done
          echo "killed $(basename "$f" .pid) (pid $target)"
        else
          stop_pid "$(basename "$f" .pid)" "$target"
        fi
        rm -f "$f"
        exit 0
      fi
    done
    echo "pid $target is not a TaskManager of this cluster (PID files in $pids)" >&2; exit 1
    ;;
  stop)
    for f in "$pids"/taskmanager-*.pid; do
      [ -e "$f" ] || continue
      stop_pid "$(basename "$f" .pid)" "$(pid_of "$f")"
      rm -f "$f"
    done
    if [ -f "$pids/jobmanager.pid" ]; then stop_pid jobmanager "$(pid_of "$pids/jobmanager.pid")"; rm -f "$pids/jobmanager.pid"; fi
    # Jars of finished jobs: a clean shutdown deletes them, a killed process leaves them behind.
    rm -rf "${dir:?}/blobs/"* "${dir:?}/web-upload/"* "${dir:?}/tmp/"* 2>/dev/null || true
    ;;
  status) print_status ;;
  *) echo "usage: $0 start [--taskmanagers N] | stop | status | add-taskmanager | stop-taskmanager PID [--kill]" >&2; exit 2 ;;
esac
