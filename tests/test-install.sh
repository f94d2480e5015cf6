#!/usr/bin/env bash
# `meson install` gives a working installation: installs the build tree
# into a temporary directory (DESTDIR) and checks what a desktop needs.
#
#   tests/test-install.sh MESON BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR APP_ID VERSION LIBEXECDIR TEST_DATA
set -u

meson=$1 build=$2 prefix=$3 bindir=$4 datadir=$5 localedir=$6 app_id=$7 version=$8
libexecdir=$9 testdata=${10}
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }

# BINDIR etc. are relative to PREFIX unless absolute
under () { case "$1" in /*) echo "$destdir$1" ;; *) echo "$destdir$prefix/$1" ;; esac; }
bin=$(under "$bindir")
data=$(under "$datadir")
locale=$(under "$localedir")
libexec=$(under "$libexecdir")

if ! "$meson" install -C "$build" --no-rebuild --destdir "$destdir" >"$destdir.log" 2>&1; then
  cat "$destdir.log"
  rm -f "$destdir.log"
  echo "FAIL: meson install"
  exit 1
fi
rm -f "$destdir.log"

# the programs, run from where they were installed
for program in gaitline gaitline-cli; do
  [ -x "$bin/$program" ] || fail "$bin/$program is not installed"
done
out=$("$bin/gaitline-cli" --version 2>&1) || fail "installed gaitline-cli --version failed: $out"
[ "$out" = "gaitline-cli $version" ] || fail "installed gaitline-cli --version printed '$out', not 'gaitline-cli $version'"

# HDF5 files are read by the installed child process, found from the
# installed programs: a file that crashes libhdf5 is an error, not a crash
[ -x "$libexec/gaitline-hdf5-reader" ] || fail "$libexec/gaitline-hdf5-reader is not installed"
out=$(env -u GAITLINE_HDF5_READER "$bin/gaitline-cli" speed "$testdata/hdf5-piglet-head.h5" \
        --fps 50 -o /dev/null 2>&1) || fail "installed gaitline-cli cannot read HDF5: $out"
out=$(env -u GAITLINE_HDF5_READER GAITLINE_HDF5_TIME_LIMIT=5 "$bin/gaitline-cli" speed \
        "$testdata/regressions/hdf5/crash-table.h5" --limb paw=Nose --fps 50 -o /dev/null 2>&1)
status=$?
[ "$status" = 1 ] || fail "a damaged HDF5 file: status $status, not 1: $out"
case "$out" in
  *crash-table.h5*) ;;
  *) fail "a damaged HDF5 file: the message does not name it: $out" ;;
esac

# desktop entry: valid, translated, naming an installed icon
desktop=$data/applications/$app_id.desktop
if [ -f "$desktop" ]; then
  desktop-file-validate "$desktop" || fail "$desktop does not validate"
  grep -qx "Icon=$app_id" "$desktop" || fail "$desktop does not name the icon $app_id"
  grep -qx "Exec=gaitline %F" "$desktop" || fail "$desktop does not run gaitline"
  grep -q '^Comment\[de\]=' "$desktop" || fail "$desktop has no German comment"
else
  fail "$desktop is not installed"
fi
for icon in "scalable/apps/$app_id.svg" "symbolic/apps/$app_id-symbolic.svg"; do
  [ -s "$data/icons/hicolor/$icon" ] || fail "icon $data/icons/hicolor/$icon is not installed"
done

# AppStream metainfo for the same ID
metainfo=$data/metainfo/$app_id.metainfo.xml
if [ -f "$metainfo" ]; then
  grep -q "<id>$app_id</id>" "$metainfo" || fail "$metainfo has another ID"
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "$metainfo does not launch $app_id.desktop"
  grep -q 'xml:lang="de"' "$metainfo" || fail "$metainfo has no German translation"
else
  fail "$metainfo is not installed"
fi

# the GSettings schema, compilable where it was installed
schemas=$data/glib-2.0/schemas
if [ -f "$schemas/io.github.gaitline.Gaitline.gschema.xml" ]; then
  glib-compile-schemas --strict --targetdir="$destdir" "$schemas" || fail "the installed schema does not compile"
else
  fail "$schemas/io.github.gaitline.Gaitline.gschema.xml is not installed"
fi

# translations
mo=$locale/de/LC_MESSAGES/gaitline.mo
if [ -s "$mo" ]; then
  msgunfmt "$mo" | grep -q 'Schrittzyklen' || fail "$mo does not hold the German translation"
else
  fail "$mo is not installed"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures problem(s) with the installation"
  find "$destdir" -type f | sed "s|^$destdir||" | sort
  exit 1
fi
echo "installed into $destdir$prefix: programs, desktop entry, icons, metainfo, schema, translations"
