# Sourced by the sso-server launchers (ssod, sso-init, ssoconfig): builds sso-server on first use and runs a main
# class on its runtime classpath. Works from any directory.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="$repo/sso-server/target"

sso_find_jar() {
  local jar
  for jar in "$target"/sso-server-*.jar; do
    case "$jar" in
      *-tests.jar | *-sources.jar | *-javadoc.jar) continue ;;
    esac
    [ -f "$jar" ] && { printf '%s\n' "$jar"; return 0; }
  done
  return 1
}

sso_classpath() {
  local jar
  jar="$(sso_find_jar || true)"
  if [ -z "$jar" ] || [ ! -d "$target/lib" ]; then
    echo "$(basename "$0"): building sso-server (first use)..." >&2
    local log
    log="$(mktemp)"
    if ! (cd "$repo" && mvn -B -q -Dstyle.color=never -DskipTests package -pl sso-server -am) >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "$(basename "$0"): the build failed (mvn -B -q -DskipTests package -pl sso-server -am)" >&2
      exit 2
    fi
    rm -f "$log"
    jar="$(sso_find_jar)" || { echo "$(basename "$0"): the build did not produce sso-server/target/sso-server-*.jar" >&2; exit 2; }
  fi
  printf '%s:%s/lib/*\n' "$jar" "$target"
}
