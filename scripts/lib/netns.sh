# shellcheck shell=bash
# Network namespace and process bookkeeping shared by scripts/scenario and scripts/bench.
# The sourcing script defines log(), sets NS_TAG, and names its run PREFIX="$NS_TAG-$$-$RANDOM"
# so that a later run can tell its namespaces from those of a run that died.

PREFIX=""
NAMESPACES=()
PIDS=()    # every background process of ours, stopped on exit
WORKDIR=""

# Signal one of our background processes, give it five seconds, then SIGKILL; forget its pid.
stop_process() {
  local signal=$1 pid=$2 i
  kill "-$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

forget_pid() {
  local kept=() p
  for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}

# The EXIT trap: stop our processes, delete our namespaces and work directory, keep the exit code.
cleanup() {
  local rc=$? pid ns
  set +e
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do stop_process TERM "$pid"; done
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
  [[ -n $WORKDIR ]] && rm -rf "$WORKDIR"
  exit "$rc"
}

# True while PID lives. A zombie does not: a run killed from a shell that is gone stays one
# until init collects it, and kill -0 still succeeds on it.
run_alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) } # past "PID (COMMAND) ": COMMAND may hold spaces and parentheses
  [[ ${stat%% *} != Z ]]
}

# Namespaces left by a run that was SIGKILLed: the prefix carries the run's pid. Its processes
# (servers, tcpdump) outlive it in there; stop them too, or they would run on in a namespace
# that no longer has a name.
reap_stale_namespaces() {
  local ns pid stale
  while read -r ns _; do
    [[ $ns =~ ^${NS_TAG}-([0-9]+)-[0-9]+- ]] || continue
    pid=${BASH_REMATCH[1]}
    run_alive "$pid" && continue
    mapfile -t stale < <(ip netns pids "$ns" 2>/dev/null)
    if ((${#stale[@]})); then
      log "stopping processes ${stale[*]} left by dead run $pid in namespace $ns"
      kill -KILL "${stale[@]}" 2>/dev/null || true
    fi
    log "deleting namespace $ns left by dead run $pid"
    ip netns del "$ns" 2>/dev/null || true
  done < <(ip netns list 2>/dev/null)
}

in_ns() { local role=$1; shift; ip netns exec "$PREFIX-$role" "$@"; }

# spawn ROLE STDOUT STDERR COMMAND...: COMMAND in the background in ROLE's namespace; sets
# SPAWNED_PID. The "&" is on ip itself, never on a shell function: that would fork a subshell
# and $! would not be the command. ip netns exec execs COMMAND, so $! is COMMAND's pid.
spawn() {
  local role=$1 out=$2 err=$3
  shift 3
  ip netns exec "$PREFIX-$role" "$@" >"$out" 2>"$err" &
  SPAWNED_PID=$!
  PIDS+=("$SPAWNED_PID")
}
