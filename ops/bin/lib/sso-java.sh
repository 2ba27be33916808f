# Sourced by the launchers (ssod, sso-init, ssoconfig, ssomanage, ssoclient, sso-cluster, cluster). Works from any directory, in two layouts:
#  - an unpacked distribution (<home>/bin, <home>/lib, <home>/conf): runs the jars in lib/; needs only a Java runtime;
#  - a source checkout (ops/bin): builds the module a launcher runs when its jar is missing or older than any source
#    it is built from (pom.xml, src/), so a launcher never runs a stale jar, then runs that jar and its target/lib.
# Sets: sso_home (the distribution's folder, or the repository), sso_conf (conf/ of a distribution, else empty).
sso_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if compgen -G "$sso_bin/../lib/sso-local-*.jar" >/dev/null; then
  sso_home="$(cd "$sso_bin/.." && pwd)"
  sso_conf="$sso_home/conf"
  sso_distribution=1
else
  sso_home="$(cd "$sso_bin/../.." && pwd)"
  sso_conf=""
  sso_distribution=0
fi

# sso_module_jar DIR PREFIX: the module's main jar in DIR/target (not -tests, -sources, -javadoc).
sso_module_jar() {
  local jar
  for jar in "$1"/target/"$2"-*.jar; do
    case "$jar" in
      *-tests.jar | *-sources.jar | *-javadoc.jar) continue ;;
    esac
    [ -f "$jar" ] && { printf '%s\n' "$jar"; return 0; }
  done
  return 1
}

# sso_stale JAR: whether a source of the build (a pom.xml, anything under a src/ folder) is newer than JAR.
sso_stale() {
  local newer
  newer="$(find "$sso_home/pom.xml" "$sso_home/cluster-resource" "$sso_home/sql-schema" "$sso_home/sso-server" \
    -name target -prune -o -type f \( -name pom.xml -o -path '*/src/*' \) -newer "$1" -print -quit 2>/dev/null)"
  [ -n "$newer" ]
}

# sso_module_classpath DIR PREFIX: "jar:DIR/target/lib/*" of a checkout's module, built first if missing or stale.
sso_module_classpath() {
  local dir="$sso_home/$1" prefix="$2" jar why="" log
  jar="$(sso_module_jar "$dir" "$prefix" || true)"
  if [ -z "$jar" ] || [ ! -d "$dir/target/lib" ]; then
    why="first use"
  elif sso_stale "$jar"; then
    why="the sources changed since $(basename "$jar") was built"
  fi
  if [ -n "$why" ]; then
    echo "$(basename "$0"): building $1 ($why)..." >&2
    log="$(mktemp)"
    if ! (cd "$sso_home" && mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true package -pl "$1" -am) >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "$(basename "$0"): the build failed (mvn -B -q -DskipTests package -pl $1 -am)" >&2
      exit 2
    fi
    rm -f "$log"
    jar="$(sso_module_jar "$dir" "$prefix")" || { echo "$(basename "$0"): the build did not produce $1/target/$prefix-*.jar" >&2; exit 2; }
    touch "$jar" # an unchanged jar is not rewritten; it is up to date now
  fi
  printf '%s:%s/target/lib/*\n' "$jar" "$dir"
}

# sso_classpath: the classpath of the sso-server launchers.
sso_classpath() {
  if [ "$sso_distribution" = 1 ]; then
    printf '%s/lib/*\n' "$sso_home"
  else
    sso_module_classpath sso-server/local sso-local
  fi
}
