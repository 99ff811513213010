#!/usr/bin/env bash
# tools/screenshots.sh BUILD [OUTDIR]
#
# Takes the app's screenshots from a real run, the way a person would get
# there: the built-in "Anatomy of a GC cycle" scenario, Shift+Right to the
# first GC cycle, four steps into marking, a click on a heap object. Each
# runs BUILD/src/gomemlab maximized on a 1280x800 virtual screen (Xvfb,
# no window manager) with its own settings, drives it with xdotool and
# saves the screen with ImageMagick's import:
#
#   start.png         the start page (no file): the course, four
#                     scenarios completed and the fifth begun
#   main.png          light style, mid-GC, an object in the inspector
#   dark.png          the same in the dark style
#   presentation.png  presentation mode (F5)
#   quiz.png          the built-in tour's "pick the objects" question half
#                     answered: N to it, a click on the garbage Point
#
# Needs xvfb, xauth, xdotool and imagemagick. OUTDIR defaults to
# data/screenshots.
set -eu

build=${1:?usage: tools/screenshots.sh BUILD [OUTDIR]}
out=${2:-data/screenshots}
top=$(cd "$(dirname "$0")/.." && pwd)
app=$(cd "$build" && pwd)/src/gomemlab
program=$top/data/scenarios/gc-cycle.go
tour=$top/data/scenarios/tour.json
screen=${SCREEN:-1280x800}

# Next GC, into marking, then a click on the black root Node of the tree.
to_mid_gc="key shift+Right; key Right; key Right; key Right; key Right; mousemove 830 545; click 1; mousemove 300 20"
# The tour's fifth moment, its pick question; a click picks the Point.
to_pick_quiz="key n; key n; key n; key n; key n; mousemove 830 400; click 1; mousemove 300 20"

shoot () {   # shoot OUT.png "xdotool commands; ..." [VAR=value...]; opens $open
  local file=$1 cmds=$2; shift 2
  local cfg data
  cfg=$(mktemp -d)
  data=$(mktemp -d)   # progress and recent files: not the user's
  if [[ -n ${progress:-} ]]; then
    mkdir -p "$data/gomemlab"
    printf '%s\n' "$progress" > "$data/gomemlab/progress.json"
  fi
  mkdir -p "$cfg/glib-2.0/settings"
  printf '[io/github/gomemlab/GoMemLab]\nwindow-maximized=true\nwindow-width=1280\nwindow-height=800\n' \
    > "$cfg/glib-2.0/settings/keyfile"
  env "$@" XDG_CONFIG_HOME="$cfg" XDG_DATA_HOME="$data" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$(dirname "$app")/../data" \
    xvfb-run -a -s "-screen 0 ${screen}x24" bash -c '
      "$1" ${2:+"$2"} 2>/dev/null & pid=$!
      sleep 4
      IFS=";" read -ra steps <<< "$3"
      for s in "${steps[@]}"; do eval "xdotool $s"; sleep 0.5; done
      sleep 1.5
      import -window root "$4"
      kill $pid' _ "$app" "${open-$program}" "$cmds" "$file"
  rm -rf "$cfg" "$data"
  echo "$file"
}

# A learner four scenarios into the course, with a quiz of the fifth
# answered: quiz ids from data/scenarios/*.json, the file's format in
# src/gml-progress.c.
learner='{"format": 1, "scenarios": {
  "tour": {"completed": true, "quizzes": {"where-p-lives": {"attempts": 1, "correct": true, "first_try": true},
    "p-escapes": {"attempts": 1, "correct": true, "first_try": true},
    "what-gc-frees": {"attempts": 2, "correct": true, "first_try": false}}},
  "return-pointer": {"completed": true, "quizzes": {"n-escapes": {"attempts": 1, "correct": true, "first_try": true},
    "what-prints": {"attempts": 1, "correct": true, "first_try": true}}},
  "escape-interfaces": {"completed": true, "quizzes": {"x-escapes": {"attempts": 1, "correct": false},
    "escapes-means": {"attempts": 1, "correct": true, "first_try": true},
    "y-escapes": {"attempts": 1, "correct": true, "first_try": true}}},
  "escape-closures-sizes": {"completed": true, "quizzes": {"total-escapes": {"attempts": 1, "correct": true, "first_try": true},
    "count-escapes": {"attempts": 1, "correct": true, "first_try": true},
    "click-count": {"attempts": 1, "correct": true, "first_try": true},
    "which-allocate": {"attempts": 1, "correct": true, "first_try": true}}},
  "big-struct": {"quizzes": {"v-on-heap": {"attempts": 1, "correct": true, "first_try": true}}}}}'

mkdir -p "$out"
open= progress=$learner shoot "$out/start.png" ""
shoot "$out/main.png" "$to_mid_gc"
shoot "$out/dark.png" "$to_mid_gc" ADW_DEBUG_COLOR_SCHEME=prefer-dark
shoot "$out/presentation.png" "$to_mid_gc; key F5"
open=$tour shoot "$out/quiz.png" "$to_pick_quiz"
