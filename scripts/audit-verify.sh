#!/usr/bin/env bash
# The outside auditor's verifier (the audit module's AuditVerifier, picocli), run with plain java so that its output
# is plain text: Maven's own terminal codes stay out of it. Usage: scripts/audit-verify.sh <command> [options];
# scripts/audit-verify.sh --help lists the commands.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl audit compile dependency:build-classpath -Dmdep.outputFile=target/verifier.classpath >/dev/null 2>&1 \
  || { echo "could not build the verifier: run 'mvn -pl audit compile' to see why" >&2; exit 2; }
exec java -cp "audit/target/classes:$(cat audit/target/verifier.classpath)" se.nyckelfri.audit.verifier.AuditVerifier "$@"
