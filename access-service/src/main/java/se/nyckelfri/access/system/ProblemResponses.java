package se.nyckelfri.access.system;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the HTTP API as RFC 9457 problem+json. Each problem has a stable {@code type} URI and, where a
 * field is to blame, an {@code errors} list naming it. Messages never echo submitted values: they might be
 * personal data.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    /** Base of the problem type URIs; each names a page in docs/api-errors.md. */
    public static final String TYPE_BASE = "https://nyckelfri.se/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    public static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return conflict("conflict", e.code(), e.getMessage());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail concurrentEdit(OptimisticLockingFailureException e) {
        return conflict("concurrent-edit", "CONCURRENT_EDIT",
                "Someone else changed this record since you read it; read it again and retry.");
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException e) {
        log.info("Refused a change that breaks a database constraint: {}", e.getMostSpecificCause().getClass().getSimpleName());
        return conflict("conflict", "CONSTRAINT_VIOLATED",
                "The change conflicts with existing data (a duplicate or a missing reference).");
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        return invalidFields(List.of(Map.of("field", e.field(), "message", e.getMessage())));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return invalidFields(List.of(Map.of("field", e.getName(), "message", "has the wrong format")));
    }

    /** Bean validation outside Spring MVC's own parameter validation (a validated service, say): still the client's fault. */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        return invalidFields(e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList());
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error while serving a request", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side; nothing was changed.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemResponses::describe)
                .collect(Collectors.toList());
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(Map.of("field", g.getObjectName(),
                "message", String.valueOf(g.getDefaultMessage()))));
        return ResponseEntity.badRequest().body(invalidFields(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.of(
                        "field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .toList();
        return ResponseEntity.badRequest().body(invalidFields(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String field = null;
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message = e.getCause() instanceof InvalidFormatException || e.getCause() instanceof MismatchedInputException
                ? "has the wrong type or format" : "is not readable JSON";
        if (field == null) {
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unreadable-body", "The request body is not readable JSON.");
            return ResponseEntity.badRequest().body(problem);
        }
        return ResponseEntity.badRequest().body(invalidFields(List.of(Map.of("field", field, "message", message))));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() != null && "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(TYPE_BASE + "http-" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ProblemDetail conflict(String type, String code, String detail) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, type, detail);
        problem.setProperty("code", code);
        return problem;
    }

    private static ProblemDetail invalidFields(List<Map<String, String>> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input",
                "The request has invalid fields: " + errors.stream().map(m -> m.get("field")).distinct()
                        .collect(Collectors.joining(", ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static Map<String, String> describe(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }
}
