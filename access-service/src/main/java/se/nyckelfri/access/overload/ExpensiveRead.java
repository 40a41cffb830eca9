package se.nyckelfri.access.overload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method whose work grows with the audit log or a care unit (many log pages, many queries): it runs
 * only with a permit of {@link ExpensiveReads}, taken before its transaction begins, so a caller waiting for a permit
 * holds no database connection. The user it is counted against is its first {@code Actor} argument (else the signed-in
 * user). Nested calls on the same thread use the outer permit.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ExpensiveRead {
}
