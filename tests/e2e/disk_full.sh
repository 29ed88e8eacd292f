# A full disk: every writer command exits 3 with a message that says so and leaves the store
# as it was; a writable `annals serve` refuses updates while the disk is full (500, with the
# reason) and takes them again once space is freed, without a restart. The store lives on a
# tmpfs of its own (64 MiB: RocksDB's own recovery after a failed flush wants 32 MiB free);
# where mounting is not permitted (not root, a container without the capability) the test
# says so and is skipped.
# Usage: bash disk_full.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v curl >/dev/null || fail "curl is needed (bash .ci/dev installs it)"

DISK=$SCRATCH/disk
mkdir -p "$DISK"
if ! mount -t tmpfs -o size=64m annals-disk-full "$DISK" 2>"$SCRATCH/mount.err"; then
  echo "skip [$E2E_NAME]: cannot mount a small tmpfs here ($(head -c 200 "$SCRATCH/mount.err"))"
  exit 0
fi
# On exit: stop the servers (they hold files on the disk), then unmount it.
trap 'disk_rc=$?; for p in $(jobs -p); do kill -9 "$p"; wait "$p"; done 2>/dev/null
      umount "$DISK"; (exit $disk_rc); e2e_on_exit' EXIT

S=$DISK/store
P='PREFIX : <http://example.org/>'
expect_ok "$ANNALS" demo --store "$S"
dump_sorted "$S" "$SCRATCH/before.nq"
printf '<http://example.org/f> <http://example.org/p> "%s" .\n' $(seq 2000) >"$SCRATCH/f.nt"

# fill: takes every free byte of the disk (dd stops at ENOSPC).
fill() { dd if=/dev/zero of="$DISK/fill" bs=64k >/dev/null 2>&1; sync; }
# expect_no_space WHAT: the last command exited 3 saying the disk is full.
expect_no_space() {
  [[ $RC -eq 3 ]] || fail "$1: exit $RC, expected 3"
  grep -qi 'no space' "$ERR" || fail "$1: the message does not say 'no space'"
  pass
}

fill
run "$ANNALS" update --store "$S" "$P INSERT DATA { :a :p 1 }"
expect_no_space "update on a full disk"
run "$ANNALS" load --store "$S" "$SCRATCH/f.nt"
expect_no_space "load on a full disk"
run "$ANNALS" compact --store "$S"
expect_no_space "compact on a full disk"
run "$ANNALS" purge --store "$S" --graph http://example.org/none --reason test
[[ $RC -eq 3 ]] || fail "purge on a full disk: exit $RC, expected 3"
pass
rm -f "$DISK/fill"
dump_sorted "$S" "$SCRATCH/after.nq"
expect_equal_files "$SCRATCH/before.nq" "$SCRATCH/after.nq" "the store after failed writes"

# Space back: the writers work again.
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :a :p 1 }"
expect_ok "$ANNALS" load --store "$S" "$SCRATCH/f.nt"
expect_ok "$ANNALS" compact --store "$S"
facts=$(stat_value "$S" facts)

# --- a writable endpoint ----------------------------------------------------------------------
start_server rw --store "$S" --update-token s3cret
U=$URL_rw/sparql
count() {
  curl -s --max-time 10 --get -H 'Accept: text/tab-separated-values' \
    --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' "$U" | tail -n 1
}
# update TEXT: POSTs an update; sets STATUS and BODY.
update() {
  STATUS=$(curl -s --max-time 30 -o "$SCRATCH/body" -w '%{http_code}' -H 'Authorization: Bearer s3cret' \
    -H 'Content-Type: application/sparql-update' --data-binary "$1" "$U")
  BODY=$(cat "$SCRATCH/body")
}
before=$(count)
fill
# Large enough that its write cannot fit in what the file system keeps back.
update "$P INSERT DATA { $(printf ':big :p "%s" . ' $(seq 3000)) }"
[[ $STATUS == 500 || $STATUS == 503 ]] || OUT='' ERR='' fail "an update on a full disk: status $STATUS: $BODY"
pass
[[ ${BODY,,} == *"no space"* ]] || OUT='' ERR='' fail "the refusal does not say 'no space': $BODY"
pass
update "$P INSERT DATA { :small :p 1 }"
[[ $STATUS == 500 || $STATUS == 503 ]] || OUT='' ERR='' fail "a second update on a full disk: status $STATUS: $BODY"
pass
expect_eq "$before" "$(count)" "the count while the disk is full"
rm -f "$DISK/fill"
update "$P INSERT DATA { :after :p 1 }"
[[ $STATUS == 200 || $STATUS == 204 ]] || OUT='' ERR='' fail "an update after space returned: status $STATUS: $BODY"
pass
expect_eq $((before + 1)) "$(count)" "the count after space returned"
kill -TERM "$PID_rw"
wait "$PID_rw"
expect_eq 0 $? "exit status of the writable server after SIGTERM"
expect_eq $((facts + 1)) "$(stat_value "$S" facts)" "facts after the server"

# --- the disk fills while writers run ---------------------------------------------------------
# A filler grows a file until the disk is full, frees it, and again, while updates run one
# after another: some find the disk full when they open the store, some at the free-space
# check, and some between that check and RocksDB's append to its log. Each must exit 0 or 3
# (never abort), every update that exited 0 is in the store whole, no other is there in
# part, and the check is clean.
rm -f "$SCRATCH/stop"
(while [[ ! -f $SCRATCH/stop ]]; do
   while [[ ! -f $SCRATCH/stop ]] &&
     dd if=/dev/zero of="$DISK/fill" bs=1M count=1 oflag=append conv=notrunc 2>/dev/null; do :; done
   sleep 0.$((RANDOM % 4))
   rm -f "$DISK/fill"
   sleep 0.$((RANDOM % 4))
 done) &
FILLER=$!
committed=0 refused=0 late=0
for i in $(seq 40); do
  { echo "$P INSERT DATA {"
    for j in $(seq 300); do printf ':w%ds%d :q "%0300d" .\n' "$i" "$j" 0; done
    echo "}"; } >"$SCRATCH/w.rq"
  run "$ANNALS" update --store "$S" -f "$SCRATCH/w.rq"
  case $RC in
    0) committed=$((committed + 1)) ;;
    3) grep -qi 'no space' "$ERR" || fail "update $i beside the filler: exit 3 without 'no space'"
       refused=$((refused + 1))
       # RocksDB's own failed write, past the free-space check (at open, or in a commit).
       grep -q 'committing a transaction.*IO error' "$ERR" && late=$((late + 1)) ;;
    *) fail "update $i beside the filler: exit $RC" ;;
  esac
done
touch "$SCRATCH/stop"
wait "$FILLER"
rm -f "$DISK/fill"
echo "  beside the filler: $committed updates committed, $refused refused ($late in a commit past the free-space check)"
expect_ok "$ANNALS" check --store "$S"
expect_ok "$ANNALS" query --store "$S" --format tsv \
  "$P SELECT (COUNT(*) AS ?n) { ?s :q ?o }"
expect_eq $((committed * 300)) "$(tail -n 1 "$OUT" | sed 's/"//g; s/\^\^.*//')" \
  "the facts of the committed updates beside the filler"
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :last :p 1 }"
