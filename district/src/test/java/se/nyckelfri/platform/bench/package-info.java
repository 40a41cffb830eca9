/**
 * Benchmarks (not tests): run with {@code mvn -B -pl district -am -DskipTests -Pbenchmark verify}; results and
 * how to read them are in docs/benchmarks.md.
 */
package se.nyckelfri.platform.bench;
