#!/usr/bin/env bash
# A private one-node Slurm cluster on this machine, for testing the job-array scripts beside this file.
#
#   scripts/slurm/cluster.sh up      install slurm-wlm + munge if missing, start munged (if not running),
#                                    slurmctld and slurmd with a generated slurm.conf, wait for the node to be idle
#   scripts/slurm/cluster.sh down    stop the daemons that `up` started (and only those); safe to call twice
#   scripts/slurm/cluster.sh status  show what is recorded and running
#   scripts/slurm/cluster.sh env     print `export SLURM_CONF=...` for sbatch/squeue/sinfo (also printed by `up`)
#
# Use from a script:   eval "$(scripts/slurm/cluster.sh up)"; sbatch ...; scripts/slurm/cluster.sh down
#
# Everything lives in the state dir ($HPSYNTH_SLURM_DIR, default /tmp/hpsynth-slurm): slurm.conf, the
# controller's state, the node's spool, the daemons' logs, and pids/ with one record per daemon this script
# started ("PID STARTTIME NAME", checked against /proc before anything is signalled). A munged or Slurm that
# was already running (e.g. a system one) is never stopped; the cluster uses its own ports (16817/16818 by
# default) so that it can run beside a system Slurm. No systemd: daemons are started directly, as root.
# All messages go to stderr; stdout carries only the `export SLURM_CONF=...` line.
set -euo pipefail

DIR=${HPSYNTH_SLURM_DIR:-/tmp/hpsynth-slurm}
CTLD_PORT=${HPSYNTH_SLURM_CTLD_PORT:-16817}
SLURMD_PORT=${HPSYNTH_SLURM_SLURMD_PORT:-16818}
TIMEOUT=${HPSYNTH_SLURM_TIMEOUT:-90}          # seconds to wait for the node to become idle
CLUSTER_NAME=hpsynth
PARTITION=debug
MUNGE_KEY=/etc/munge/munge.key
MUNGE_SOCKET=/run/munge/munge.socket.2

CONF=$DIR/slurm.conf
PIDS=$DIR/pids
LOGS=$DIR/log

log() { printf 'cluster.sh: %s\n' "$*" >&2; }
die() { printf 'cluster.sh: error: %s\n' "$*" >&2; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts munged/slurmd)"; }

# --- pid records -------------------------------------------------------------------------------------------

# Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), to tell a recycled pid apart.
starttime() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }           # drop "pid (comm) ", comm may hold spaces
  # shellcheck disable=SC2086
  set -- $stat                # now $1 is field 3 (state), so field 22 is $20
  echo "${20}"
}

# record NAME PID: note that this script started daemon NAME as PID.
record() {
  local st
  st=$(starttime "$2") || { show_logs "$1"; die "$1 (pid $2) exited right after start (logs above, all in $LOGS)"; }
  mkdir -p "$PIDS"
  echo "$2 $st $1" >"$PIDS/$1"
}

# alive NAME: true when the recorded daemon NAME is still the process that we started.
alive() {
  local f=$PIDS/$1 pid st name cur
  [ -f "$f" ] || return 1
  read -r pid st name <"$f" || return 1
  cur=$(starttime "$pid") || return 1
  [ "$cur" = "$st" ] && [ "$name" = "$1" ]
}

recorded_pid() { local pid _; read -r pid _ <"$PIDS/$1"; echo "$pid"; }

# stop NAME...: SIGTERM the recorded daemons (all at once), SIGKILL those left after 15 s, remove the records.
# A name without a record: nothing to do; a record whose process is gone (or whose pid was reused): dropped.
stop() {
  local name pid i left=()
  for name in "$@"; do
    [ -f "$PIDS/$name" ] || continue
    if ! alive "$name"; then
      log "$name: recorded pid is gone (or reused); removing the stale record"
      rm -f "$PIDS/$name"
      continue
    fi
    pid=$(recorded_pid "$name")
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    left+=("$name")
  done
  for ((i = 0; i < 150 && ${#left[@]} > 0; i++)); do
    sleep 0.1
    local still=()
    for name in "${left[@]}"; do
      if alive "$name"; then still+=("$name"); else rm -f "$PIDS/$name"; fi
    done
    left=("${still[@]+"${still[@]}"}")
  done
  for name in "${left[@]+"${left[@]}"}"; do
    pid=$(recorded_pid "$name")
    log "$name (pid $pid) still running after 15 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PIDS/$name"
  done
}

# spawn NAME CMD...: run a daemon in the foreground mode of its own, in a new session, in the background;
# its stdout/stderr go to $LOGS/NAME.out. Records its pid.
spawn() {
  local name=$1
  shift
  log "starting $name: $*"
  [ ! -f "$LOGS/$name.log" ] || mv -f "$LOGS/$name.log" "$LOGS/$name.log.1"   # this run's log alone
  STARTED_NOW+=("$name")
  # A background job of a non-interactive shell is not a process-group leader, so setsid(1) does not fork
  # and $! is the daemon's own pid. stdin from /dev/null so that it holds no terminal or pipe.
  setsid "$@" </dev/null >"$LOGS/$name.out" 2>&1 &
  local pid=$!
  sleep 0.3
  record "$name" "$pid"
  local comm
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  [ "$comm" = "$name" ] || log "warning: pid $pid of $name is '$comm'"
}

# --- install ---------------------------------------------------------------------------------------------

install_packages() {
  local pkgs=()
  command -v sbatch >/dev/null 2>&1 && command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 ||
    pkgs+=(slurm-wlm)
  command -v munged >/dev/null 2>&1 || [ -x /usr/sbin/munged ] || pkgs+=(munge)
  [ ${#pkgs[@]} -gt 0 ] || return 0
  need_root
  command -v apt-get >/dev/null 2>&1 || die "${pkgs[*]} missing and no apt-get: install them with your package manager"
  log "installing ${pkgs[*]} with apt-get (non-interactive)"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the packages' maintainer scripts from starting munge/slurmd/slurmctld through invoke-rc.d: those
  # would be daemons this script did not start (and, in a container, often fail). Only while installing,
  # and only when the machine has no policy-rc.d of its own.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, from hpsynth scripts/slurm/cluster.sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
  fi
  local rc=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >"$DIR/apt.log" 2>&1; } || rc=$?
  [ "$made_policy" = 0 ] || rm -f "$policy"
  if [ "$rc" != 0 ]; then
    tail -n 30 "$DIR/apt.log" >&2 || true
    die "apt-get install ${pkgs[*]} failed (exit $rc); full log: $DIR/apt.log"
  fi
  hash -r
}

# --- munge -----------------------------------------------------------------------------------------------

munge_works() { munge -n --socket="$MUNGE_SOCKET" </dev/null 2>/dev/null | unmunge --socket="$MUNGE_SOCKET" >/dev/null 2>&1; }

start_munge() {
  if alive munged; then
    log "munged: already running (started by this script, pid $(recorded_pid munged))"
    return 0
  fi
  rm -f "$PIDS/munged"
  if munge_works; then
    log "munged: a munged not started by this script answers on $MUNGE_SOCKET; using it (and leaving it alone)"
    return 0
  fi
  if pgrep -x munged >/dev/null 2>&1; then
    log "warning: a munged is running but does not answer on $MUNGE_SOCKET; starting one anyway"
  fi
  local user=munge
  id -u "$user" >/dev/null 2>&1 || user=root
  if [ ! -s "$MUNGE_KEY" ]; then
    log "creating the munge key $MUNGE_KEY"
    mkdir -p "$(dirname "$MUNGE_KEY")"
    if command -v mungekey >/dev/null 2>&1; then
      mungekey --create --keyfile="$MUNGE_KEY"
    else
      dd if=/dev/urandom of="$MUNGE_KEY" bs=1024 count=1 status=none
    fi
  fi
  # munged refuses a key or directories that others can write or read.
  chown "$user:" "$MUNGE_KEY" && chmod 0400 "$MUNGE_KEY"
  install -d -o "$user" -m 0755 /run/munge
  install -d -o "$user" -m 0700 /var/lib/munge /var/log/munge /etc/munge
  chown "$user:" /etc/munge
  rm -f "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"
  if [ "$user" = root ]; then
    spawn munged munged --foreground --force
  else
    # setpriv execs munged in place (runuser/su would fork and wait), so the recorded pid is munged's.
    spawn munged setpriv --reuid="$user" --regid="$user" --init-groups munged --foreground
  fi
  local i
  for ((i = 0; i < 50; i++)); do
    munge_works && return 0
    alive munged || break
    sleep 0.2
  done
  cat "$LOGS/munged.out" >&2 2>/dev/null || true
  die "munged did not come up (log above; also /var/log/munge/munged.log)"
}

# --- slurm -----------------------------------------------------------------------------------------------

write_conf() {
  local host cpus mem_kb mem_mb margin real tmp
  host=$(hostname -s)
  cpus=$(nproc)
  mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
  mem_mb=$((mem_kb / 1024))
  margin=$((mem_mb / 10))                  # 10 % for the OS, at least 512 MB
  [ "$margin" -ge 512 ] || margin=512
  real=$((mem_mb - margin))
  [ "$real" -ge 256 ] || real=256
  mkdir -p "$DIR/ctld" "$DIR/spool" "$LOGS" "$PIDS"
  tmp=$(mktemp "$DIR/slurm.conf.XXXXXX")
  cat >"$tmp" <<EOF
# Generated by hpsynth scripts/slurm/cluster.sh: a one-node test cluster on $host. Regenerated by each 'up'.
ClusterName=$CLUSTER_NAME
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
# No systemd, no cgroups in a container: track processes through /proc and bind no tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# A node that was down (e.g. the controller restarted before it) comes back by registering.
ReturnToService=2
# Trust the node line below rather than what slurmd measures (a container's view of CPUs/memory may differ).
SlurmdParameters=config_overrides
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
MaxArraySize=10001
NodeName=$host NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus RealMemory=$real State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
  if [ -f "$CONF" ] && cmp -s "$tmp" "$CONF"; then
    rm -f "$tmp"
    return 1                                  # unchanged
  fi
  mv "$tmp" "$CONF"
  log "wrote $CONF (node $host: CPUs=$cpus RealMemory=${real}MB of ${mem_mb}MB)"
  return 0
}

node_state() { sinfo -h -N -n "$(hostname -s)" -o '%T' 2>/dev/null | head -n 1; }

# show_logs [NAME...]: the last lines of the daemons' logs (default: slurmctld and slurmd) on stderr.
show_logs() {
  local f d
  [ $# -gt 0 ] || set -- slurmctld slurmd
  for d in "$@"; do
    for f in "$LOGS/$d.out" "$LOGS/$d.log"; do
      [ -s "$f" ] || continue
      printf '\n----- %s (last 25 lines) -----\n' "$f" >&2
      tail -n 25 "$f" >&2
    done
  done
}

wait_idle() {
  local state="" i resumed=0
  for ((i = 0; i < TIMEOUT * 2; i++)); do
    state=$(node_state || true)
    case $state in
    idle | mixed | allocated | completing) log "node $(hostname -s) is $state"; return 0 ;;
    drained | draining | down)             # down without '*' = slurmd answers but the node was set down
      if [ "$resumed" = 0 ]; then
        log "node is $state ($(sinfo -h -R -o '%E' 2>/dev/null | head -n 1)); resuming it"
        scontrol update NodeName="$(hostname -s)" State=RESUME 2>/dev/null || true
        resumed=1
      fi
      ;;
    esac
    for d in slurmctld slurmd; do
      alive "$d" || { show_logs; die "$d exited during start-up (logs above, all in $LOGS)"; }
    done
    sleep 0.5
  done
  show_logs
  die "node $(hostname -s) not idle after ${TIMEOUT}s (state: '${state:-no answer from slurmctld}'); logs above, all in $LOGS"
}

# On a failed `up`, stop what this call started (logs stay), so that no half-up cluster is left behind.
STARTED_NOW=()
undo_up() {
  local rc=$?
  if [ "$rc" != 0 ] && [ ${#STARTED_NOW[@]} -gt 0 ]; then
    log "up failed: stopping what it started (${STARTED_NOW[*]})"
    stop slurmd slurmctld
    stop munged
  fi
}

cmd_up() {
  need_root
  trap undo_up EXIT
  local t0=$SECONDS
  mkdir -p "$DIR" "$LOGS" "$PIDS"
  install_packages
  start_munge
  if write_conf; then
    if alive slurmctld || alive slurmd; then
      log "slurm.conf changed: restarting this script's slurm daemons"
      stop slurmd slurmctld
    fi
  fi
  export SLURM_CONF=$CONF
  if alive slurmctld; then
    log "slurmctld: already running (pid $(recorded_pid slurmctld))"
  else
    rm -f "$PIDS/slurmctld"
    # -D: stay in the foreground (we background it ourselves and know its pid); -i: ignore unreadable state.
    spawn slurmctld slurmctld -D -i -f "$CONF"
  fi
  if alive slurmd; then
    log "slurmd: already running (pid $(recorded_pid slurmd))"
  else
    rm -f "$PIDS/slurmd"
    # -f CONF: a local config file, so no configless --conf-server is needed; -D as for slurmctld.
    spawn slurmd slurmd -D -f "$CONF"
  fi
  wait_idle
  log "up in $((SECONDS - t0)) s; use: export SLURM_CONF=$CONF"
  echo "export SLURM_CONF=$CONF"
}

cmd_down() {
  local t0=$SECONDS
  if [ ! -d "$PIDS" ] || [ -z "$(ls -A "$PIDS" 2>/dev/null)" ]; then
    log "nothing recorded in $PIDS: no daemon of this script to stop"
    return 0
  fi
  export SLURM_CONF=$CONF
  if alive slurmctld && [ -f "$CONF" ]; then
    # Cancel what is left on this cluster, so that no slurmstepd/job outlives its slurmd.
    local jobs=()
    mapfile -t jobs < <(squeue -h -o '%i' 2>/dev/null || true)
    if [ ${#jobs[@]} -gt 0 ]; then
      log "cancelling jobs still on the cluster: ${jobs[*]}"
      scancel --quiet "${jobs[@]}" 2>/dev/null || true
      local i
      for ((i = 0; i < 60; i++)); do
        [ -z "$(squeue -h -o '%i' 2>/dev/null || true)" ] && break
        sleep 0.5
      done
    fi
  fi
  stop slurmd slurmctld                  # together: each takes 1-2 s to shut down
  stop munged
  rm -f "$DIR/slurmctld.pid" "$DIR/slurmd.pid"
  rmdir "$PIDS" 2>/dev/null || true
  log "down in $((SECONDS - t0)) s (logs kept in $LOGS)"
}

cmd_status() {
  local d
  export SLURM_CONF=$CONF
  for d in munged slurmctld slurmd; do
    if alive "$d"; then
      log "$d: running, started by this script (pid $(recorded_pid "$d"))"
    elif [ -f "$PIDS/$d" ]; then
      log "$d: recorded but not running (stale record)"
    else
      log "$d: not started by this script$(pgrep -x "$d" >/dev/null 2>&1 && echo '; another one is running')"
    fi
  done
  if alive slurmctld; then sinfo >&2 || true; fi
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
env) echo "export SLURM_CONF=$CONF" ;;
*)
  echo "usage: $0 up|down|status|env   (state dir: $DIR, from \$HPSYNTH_SLURM_DIR)" >&2
  exit 2
  ;;
esac
